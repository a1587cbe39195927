"""Leaky ReLU with the slope alpha applied to the positive side instead of the negative one."""
import numpy as np

EXPECT = "leaky_alpha_swapped"


def leaky_relu(x, alpha=0.01):
    alpha = _check_alpha(alpha)
    x = _as_float(x)
    return np.where(x > 0, alpha * x, x)


def leaky_relu_grad(x, alpha=0.01):
    alpha = _check_alpha(alpha)
    x = _as_float(x)
    return np.where(x > 0, alpha, 1.0)
