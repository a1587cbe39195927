"""The residual is taken as y − ŷ, so both gradients come out with the wrong sign."""
import numpy as np

EXPECT = "grad_sign"


def mse_gradients(w, b, X, y):
    w, X, y = _check_problem(w, X, y)
    n = X.shape[0]
    r = y - (X @ w + b)
    return (2.0 / n) * (X.T @ r), float(2.0 / n * r.sum())
