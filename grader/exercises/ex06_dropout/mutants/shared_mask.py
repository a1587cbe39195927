"""Draws one keep decision per feature and broadcasts it over the batch (every row dropped alike), instead
of a decision for every entry."""
import numpy as np

EXPECT = "same_mask_along_axis"


def dropout_forward(x, p, train, rng):
    p = _check_p(p)
    x = np.asarray(x, dtype=np.float64)
    if not train or p == 0.0:
        return x * 1.0, np.ones_like(x)
    if p == 1.0:
        return np.zeros_like(x), np.zeros_like(x)
    shape = (1,) + x.shape[1:] if x.ndim > 1 else x.shape
    mask = np.broadcast_to((rng.random(shape) >= p) / (1.0 - p), x.shape).copy()
    return x * mask, mask
