"""Binary cross-entropy without clipping p: log(0) = −inf at p = 0 or p = 1."""
import numpy as np

EXPECT = "bce_not_clipped"


def binary_cross_entropy(p, y, eps=1e-12):
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    if p.shape != y.shape or p.size == 0 or not 0 < eps < 0.5:
        raise ValueError("bad input")
    if np.any((p < 0) | (p > 1)) or np.any((y < 0) | (y > 1)):
        raise ValueError("values outside [0, 1]")
    with np.errstate(all="ignore"):
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
