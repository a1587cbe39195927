"""L2 penalty with a factor 1/2 (1/2 * sum w**2), against the stated convention sum w**2."""
import numpy as np

EXPECT = "l2_half"


def l2_penalty(w):
    w = _real(w, "w")
    return float(0.5 * np.sum(w * w))
