"""Never compares the lengths of p and q: numpy broadcasts a (1,) p against a (3,) q."""
import numpy as np

EXPECT = "lengths_broadcast"


def _check_pair(p, q):
    return _check_dist(p, "p"), _check_dist(q, "q")


def _neg_p_log2_q(p, q):
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(-np.sum(np.where(p > 0, p * np.log2(q), 0.0)))
