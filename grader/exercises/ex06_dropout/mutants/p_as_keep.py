"""Treats p as the probability of KEEPING a unit (keep = rng.random < p, scale 1/p)."""
import numpy as np

EXPECT = "p_as_keep"


def dropout_forward(x, p, train, rng):
    p = _check_p(p)
    x = np.asarray(x, dtype=np.float64)
    if not train or p == 0.0:
        return x.copy(), np.ones_like(x)
    if p == 1.0:
        return np.zeros_like(x), np.zeros_like(x)
    mask = (rng.random(x.shape) < p) / p
    return x * mask, mask
