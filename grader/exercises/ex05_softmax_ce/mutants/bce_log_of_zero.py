"""Binary cross-entropy that guards log(0) with np.where: the values are right, but np.log(0) still
runs in the discarded branch and numpy warns "divide by zero encountered in log"."""
import numpy as np

EXPECT = "log_of_zero"


def binary_cross_entropy(p, y, eps=1e-12):
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    if p.shape != y.shape or p.size == 0 or not 0 < eps < 0.5:
        raise ValueError("bad input")
    if np.any((p < 0) | (p > 1)) or np.any((y < 0) | (y > 1)):
        raise ValueError("values outside [0, 1]")
    log_p = np.where(p < eps, np.log(eps), np.log(p))
    log_q = np.where(p > 1 - eps, np.log(eps), np.log(1 - p))
    return float(-np.mean(y * log_p + (1 - y) * log_q))
