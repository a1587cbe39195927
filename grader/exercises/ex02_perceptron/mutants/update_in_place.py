"""The update modifies the caller's w in place (w += …) and returns it."""
import numpy as np

EXPECT = "in_place"


def perceptron_update(w, X, y, lr):
    X = np.asarray(X, dtype=np.float64)
    y = _check_y(y, X)
    Xa = _augment(X)
    wrong = y * (Xa @ w) <= 0
    w += lr * (y[wrong] @ Xa[wrong])
    return w
