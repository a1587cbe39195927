"""The gradient sums over the samples instead of averaging: N times too large."""
import numpy as np

EXPECT = "grad_not_divided"


def mse_gradients(w, b, X, y):
    w, X, y = _check_problem(w, X, y)
    r = X @ w + b - y
    return 2.0 * (X.T @ r), float(2.0 * r.sum())
