"""Leaky ReLU with a default slope of 0.1 (a common choice in papers) instead of the documented 0.01,
PyTorch's negative_slope."""
import numpy as np

EXPECT = "wrong_default"


def leaky_relu(x, alpha=0.1):
    alpha = _check_alpha(alpha)
    x = _as_float(x)
    return np.where(x > 0, x, alpha * x)


def leaky_relu_grad(x, alpha=0.1):
    alpha = _check_alpha(alpha)
    x = _as_float(x)
    return np.where(x > 0, 1.0, alpha)
