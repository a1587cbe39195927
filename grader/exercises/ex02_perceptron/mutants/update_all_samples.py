"""The update sums y x̃ over every sample, not only the misclassified ones."""
import numpy as np

EXPECT = "update_all"


def perceptron_update(w, X, y, lr):
    w, X = _check_wX(w, X)
    y = _check_y(y, X)
    return w + lr * (y @ _augment(X))
