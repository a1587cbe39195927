"""numerical_gradient perturbs the caller's x in place and never puts the entries back."""
import numpy as np

EXPECT = "numgrad_in_place"


def numerical_gradient(f, x, eps=1e-5):
    if not eps > 0:
        raise ValueError("eps must be positive")
    grad = np.zeros_like(x, dtype=np.float64)
    for j in np.ndindex(x.shape):
        x[j] += eps
        f_plus = float(f(x))
        x[j] -= 2 * eps
        f_minus = float(f(x))
        grad[j] = (f_plus - f_minus) / (2 * eps)
    return grad
