"""numerical_gradient uses forward differences (f(x + ε) − f(x)) / ε: error of order ε, not ε²."""
import numpy as np

EXPECT = "forward_difference"


def numerical_gradient(f, x, eps=1e-5):
    if not eps > 0:
        raise ValueError("eps must be positive")
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    fx = float(f(x))
    for j in np.ndindex(x.shape):
        xp = x.copy()
        xp[j] += eps
        grad[j] = (float(f(xp)) - fx) / eps
    return grad
