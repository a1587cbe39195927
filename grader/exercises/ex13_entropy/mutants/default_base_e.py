"""Gives entropy the natural log as its default base: entropy(p) comes out in nats, not bits."""
import math

import numpy as np

EXPECT = "default_base"


def entropy(p, base=math.e):
    p = _check_dist(p, "p")
    if not (isinstance(base, (int, float, np.integer, np.floating)) and math.isfinite(base)
            and base > 0 and base != 1):
        raise ValueError(f"base must be a finite number > 0 and != 1, got {base!r}")
    return _neg_p_log2_q(p, p) / math.log2(base)
