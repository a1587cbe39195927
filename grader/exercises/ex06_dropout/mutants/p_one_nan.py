"""Divides the keep mask by 1 − p without a special case, so p = 1 gives 0/0 = NaN."""
import numpy as np

EXPECT = "p_one_nan"


def dropout_forward(x, p, train, rng):
    p = _check_p(p)
    x = np.asarray(x, dtype=np.float64)
    if not train:
        return x.copy(), np.ones_like(x)
    with np.errstate(all="ignore"):
        mask = (rng.random(x.shape) >= p) / (1.0 - p)
    return x * mask, mask
