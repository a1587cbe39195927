"""The bias gradient is left out (db = 0), so the bias never learns."""
import numpy as np

EXPECT = "bias_grad_missing"


def mse_gradients(w, b, X, y):
    w, X, y = _check_problem(w, X, y)
    n = X.shape[0]
    r = X @ w + b - y
    return (2.0 / n) * (X.T @ r), 0.0
