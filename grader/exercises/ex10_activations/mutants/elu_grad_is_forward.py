"""ELU derivative for x <= 0 returned as alpha * (e^x - 1), the function itself, instead of alpha * e^x."""
import numpy as np

EXPECT = "elu_grad_is_forward"


def elu_grad(x, alpha=1.0):
    alpha = _check_alpha(alpha)
    x = _as_float(x)
    return np.where(x > 0, 1.0, alpha * np.expm1(np.minimum(x, 0.0)))
