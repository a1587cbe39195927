"""Returns an integer mask of ones in evaluation mode and for p = 0 (np.ones(x.shape, dtype=int))."""
import numpy as np

EXPECT = "mask_not_float"


def dropout_forward(x, p, train, rng):
    p = _check_p(p)
    x = np.asarray(x, dtype=np.float64)
    if not train or p == 0.0:
        return x * 1.0, np.ones(x.shape, dtype=int)
    if p == 1.0:
        return np.zeros_like(x), np.zeros_like(x)
    mask = (rng.random(x.shape) >= p) / (1.0 - p)
    return x * mask, mask
