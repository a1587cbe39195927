"""The bias is ignored: no x̃ = [1, x] augmentation, so w[0] never takes part and never changes."""
import numpy as np

EXPECT = "no_bias"


def predict(w, X):
    w, X = _check_wX(w, X)
    return step(X @ w[1:])


def perceptron_loss(w, X, y):
    w, X = _check_wX(w, X)
    y = _check_y(y, X)
    margins = y * (X @ w[1:])
    return float(-margins[margins <= 0].sum())


def perceptron_update(w, X, y, lr):
    w, X = _check_wX(w, X)
    y = _check_y(y, X)
    wrong = y * (X @ w[1:]) <= 0
    new = w.copy()
    new[1:] += lr * (y[wrong] @ X[wrong])
    return new
