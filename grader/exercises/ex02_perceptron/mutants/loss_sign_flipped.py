"""The loss sums y(w · x̃) over the misclassified samples: the right terms with the wrong sign (J ≤ 0)."""
import numpy as np

EXPECT = "loss_sign"


def perceptron_loss(w, X, y):
    w, X = _check_wX(w, X)
    y = _check_y(y, X)
    margins = y * (_augment(X) @ w)
    return float(margins[margins <= 0].sum())
