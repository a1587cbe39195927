"""No 0·log 0 = 0 convention: p * np.log2(p) over every entry gives NaN where p_i = 0."""
import math

import numpy as np

EXPECT = "nan_log0"


def entropy(p, base=2):
    p = _check_dist(p, "p")
    if base <= 0 or base == 1:
        raise ValueError("bad base")
    with np.errstate(all="ignore"):
        return float(-np.sum(p * np.log2(p))) / math.log2(base)


def cross_entropy_bits(p, q):
    p, q = _check_pair(p, q)
    with np.errstate(all="ignore"):
        return float(-np.sum(p * np.log2(q)))


def kl_divergence(p, q):
    p, q = _check_pair(p, q)
    with np.errstate(all="ignore"):
        return float(np.sum(p * np.log2(p / q)))
