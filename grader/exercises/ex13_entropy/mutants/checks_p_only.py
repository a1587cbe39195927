"""Validates p but takes q on trust: a negative q, or one that does not sum to 1, goes through."""
import numpy as np

EXPECT = "no_validation"


def _check_pair(p, q):
    p, q = _check_dist(p, "p"), np.asarray(q, dtype=np.float64)
    if p.shape != q.shape:
        raise ValueError("p and q must have the same length")
    return p, q
