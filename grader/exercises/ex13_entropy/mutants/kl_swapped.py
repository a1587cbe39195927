"""KL arguments swapped: computes KL(q‖p) = Σ q log2(q / p), weighting by the second argument."""
import numpy as np

EXPECT = "kl_swapped"


def kl_divergence(p, q):
    p, q = _check_pair(p, q)
    m = q > 0
    with np.errstate(divide="ignore"):
        return float(np.sum(q[m] * (np.log2(q[m]) - np.log2(p[m]))))
