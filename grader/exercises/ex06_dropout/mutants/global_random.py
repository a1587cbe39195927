"""Draws the mask from numpy's global generator (np.random.rand) instead of the rng argument,
so a seed does not reproduce the result."""
import numpy as np

EXPECT = "ignores_rng"


def dropout_forward(x, p, train, rng):
    p = _check_p(p)
    x = np.asarray(x, dtype=np.float64)
    if not train or p == 0.0:
        return x.copy(), np.ones_like(x)
    if p == 1.0:
        return np.zeros_like(x), np.zeros_like(x)
    mask = (np.random.rand(*x.shape) >= p) / (1.0 - p)
    return x * mask, mask
