"""The update moves the wrong way: w − lr · Σ y x̃ (gradient ascent on the perceptron criterion)."""
import numpy as np

EXPECT = "update_sign"


def perceptron_update(w, X, y, lr):
    w, X = _check_wX(w, X)
    y = _check_y(y, X)
    Xa = _augment(X)
    wrong = _misclassified(w, Xa, y)
    return w - lr * (y[wrong] @ Xa[wrong])
