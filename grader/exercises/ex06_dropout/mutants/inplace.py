"""Applies the mask in place (x *= mask) and returns x itself: the caller's array is overwritten."""
import numpy as np

EXPECT = "inplace"


def dropout_forward(x, p, train, rng):
    p = _check_p(p)
    if not train or p == 0.0:
        return x, np.ones_like(x)
    if p == 1.0:
        mask = np.zeros_like(x)
    else:
        mask = (rng.random(x.shape) >= p) / (1.0 - p)
    x *= mask
    return x, mask
