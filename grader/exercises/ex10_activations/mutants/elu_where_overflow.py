"""ELU with np.where over e^x − 1 of the whole input: the right values, but e^x overflows (with a
RuntimeWarning) on the positive entries that np.where then throws away."""
import numpy as np

EXPECT = "overflow_warning"


def elu(x, alpha=1.0):
    alpha = _check_alpha(alpha)
    x = _as_float(x)
    return np.where(x > 0, x, alpha * np.expm1(x))


def elu_grad(x, alpha=1.0):
    alpha = _check_alpha(alpha)
    x = _as_float(x)
    return np.where(x > 0, 1.0, alpha * np.exp(x))
