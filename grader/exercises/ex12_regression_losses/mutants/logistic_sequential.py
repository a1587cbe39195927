"""Logistic regression that updates w first and takes b's gradient at the new w."""
import numpy as np

EXPECT = "logistic_sequential"


def fit_logistic_regression(X, y, lr, epochs):
    X, y = _design(X, y)
    if not np.all((y == 0) | (y == 1)) or lr <= 0 or epochs < 0 or y.size == 0:
        raise ValueError("bad input")
    n = X.shape[0]
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(int(epochs)):
        w = w - lr * (X.T @ (_sigmoid(X @ w + b) - y)) / n
        b = b - lr * float(np.mean(_sigmoid(X @ w + b) - y))
    return w, b
