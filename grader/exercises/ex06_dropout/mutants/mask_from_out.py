"""Reads the mask off the output (out != 0): an entry of x that is 0 looks dropped even when it was kept."""
import numpy as np

EXPECT = "mask_from_out"


def dropout_forward(x, p, train, rng):
    p = _check_p(p)
    x = np.asarray(x, dtype=np.float64)
    if not train or p == 0.0:
        return x * 1.0, np.ones_like(x)
    if p == 1.0:
        return np.zeros_like(x), np.zeros_like(x)
    out = x * (rng.random(x.shape) >= p) / (1.0 - p)
    mask = (out != 0) / (1.0 - p)
    return out, mask
