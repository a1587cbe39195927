"""Draws the mask before looking at train, so evaluation mode needs a generator it is documented not to use."""
import numpy as np

EXPECT = "rng_in_eval"


def dropout_forward(x, p, train, rng):
    p = _check_p(p)
    x = np.asarray(x, dtype=np.float64)
    keep = rng.random(x.shape) >= p
    if not train or p == 0.0:
        return x * 1.0, np.ones_like(x)
    if p == 1.0:
        return np.zeros_like(x), np.zeros_like(x)
    mask = keep / (1.0 - p)
    return x * mask, mask
