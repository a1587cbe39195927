"""Ignores the train flag: units are dropped (and rescaled) in evaluation mode too."""
import numpy as np

EXPECT = "dropout_in_eval"


def dropout_forward(x, p, train, rng):
    p = _check_p(p)
    x = np.asarray(x, dtype=np.float64)
    if p == 0.0:
        return x.copy(), np.ones_like(x)
    if p == 1.0:
        return np.zeros_like(x), np.zeros_like(x)
    mask = (rng.random(x.shape) >= p) / (1.0 - p)
    return x * mask, mask
