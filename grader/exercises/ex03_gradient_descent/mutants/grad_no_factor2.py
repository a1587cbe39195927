"""The factor 2 from d(r²)/dr = 2r is missing: the gradient is half the true one."""
import numpy as np

EXPECT = "grad_no_factor2"


def mse_gradients(w, b, X, y):
    w, X, y = _check_problem(w, X, y)
    n = X.shape[0]
    r = X @ w + b - y
    return (X.T @ r) / n, float(r.sum() / n)
