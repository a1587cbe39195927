"""Logistic regression that runs epochs + 1 updates (range(epochs + 1))."""
import numpy as np

EXPECT = "logistic_step_count"


def fit_logistic_regression(X, y, lr, epochs):
    X, y = _design(X, y)
    if not np.all((y == 0) | (y == 1)) or lr <= 0 or epochs < 0 or y.size == 0:
        raise ValueError("bad input")
    n = X.shape[0]
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(int(epochs) + 1):
        err = _sigmoid(X @ w + b) - y
        w = w - lr * (X.T @ err) / n
        b = b - lr * float(np.mean(err))
    return w, b
