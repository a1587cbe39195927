"""Dodges log 0 by writing 1 into the zero entries (1 · log 1 = 0) of the caller's own array."""
import math

import numpy as np

EXPECT = "modifies_input"


def entropy(p, base=2):
    p = _check_dist(p, "p")  # np.asarray: the caller's float64 array itself
    if not (isinstance(base, (int, float, np.integer, np.floating)) and math.isfinite(base)
            and base > 0 and base != 1):
        raise ValueError(f"base must be a finite number > 0 and != 1, got {base!r}")
    p[p == 0] = 1.0
    return float(-np.sum(p * np.log2(p))) / math.log2(base)
