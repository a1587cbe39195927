"""Scales by the keep ratio at test time, as the old non-inverted dropout of the course notes does,
although the training pass already rescaled (inverted dropout)."""
import numpy as np

EXPECT = "scale_in_eval"


def dropout_forward(x, p, train, rng):
    p = _check_p(p)
    x = np.asarray(x, dtype=np.float64)
    if not train:
        mask = np.full_like(x, 1.0 - p)
        return x * mask, mask
    if p == 1.0:
        return np.zeros_like(x), np.zeros_like(x)
    mask = (rng.random(x.shape) >= p) / (1.0 - p)
    return x * mask, mask
