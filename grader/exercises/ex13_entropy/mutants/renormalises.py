"""No validation: silently renormalises p and q (p / p.sum()) instead of rejecting invalid input."""
import numpy as np

EXPECT = "no_validation"


def _check_dist(p, name):
    p = np.abs(np.asarray(p, dtype=np.float64)).ravel()
    return p / p.sum() if p.size and p.sum() > 0 else np.ones(max(p.size, 1))
