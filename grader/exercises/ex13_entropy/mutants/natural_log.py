"""Natural log instead of base 2: entropy ignores its base and KL comes out in nats (np.log, not np.log2)."""
import numpy as np

EXPECT = "natural_log"


def entropy(p, base=2):
    p = _check_dist(p, "p")
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)))


def kl_divergence(p, q):
    p, q = _check_pair(p, q)
    m = p > 0
    with np.errstate(divide="ignore"):
        return float(np.sum(p[m] * np.log(p[m] / q[m])))
