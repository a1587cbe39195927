"""Logistic regression by stochastic gradient descent: one update per sample, in order, each epoch."""
import numpy as np

EXPECT = "logistic_per_sample"


def fit_logistic_regression(X, y, lr, epochs):
    X, y = _design(X, y)
    if not np.all((y == 0) | (y == 1)) or lr <= 0 or epochs < 0 or y.size == 0:
        raise ValueError("bad input")
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(int(epochs)):
        for i in range(X.shape[0]):
            e = float(_sigmoid(X[i] @ w + b)) - y[i]
            w, b = w - lr * e * X[i], b - lr * e
    return w, b
