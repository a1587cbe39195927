"""Drops units but forgets the 1/(1 − p) scale of inverted dropout: the mask is the plain 0/1 keep mask."""
import numpy as np

EXPECT = "no_rescale"


def dropout_forward(x, p, train, rng):
    p = _check_p(p)
    x = np.asarray(x, dtype=np.float64)
    if not train:
        return x.copy(), np.ones_like(x)
    mask = (rng.random(x.shape) >= p).astype(np.float64)
    return x * mask, mask
