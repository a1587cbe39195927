"""Checks the sum with np.isclose(p.sum(), 1) (rtol 1e-5) instead of the documented tolerance 1e-6."""
import numpy as np

EXPECT = "sum_tolerance"


def _check_dist(p, name):
    p = np.asarray(p, dtype=np.float64)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array")
    if not np.all(np.isfinite(p)) or np.any(p < 0):
        raise ValueError(f"{name} must hold finite, non-negative numbers")
    if not np.isclose(p.sum(), 1.0):
        raise ValueError(f"{name} must sum to 1")
    return p
