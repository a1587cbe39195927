"""Missing minus sign: entropy returned as Σ p log2 p, which is ≤ 0."""
import math

import numpy as np

EXPECT = "missing_minus"


def entropy(p, base=2):
    p = _check_dist(p, "p")
    if base <= 0 or base == 1:
        raise ValueError("bad base")
    nz = p[p > 0]
    return float(np.sum(nz * np.log2(nz))) / math.log2(base)
