"""Returns the entropy as a 0-d array (np.asarray of the sum) instead of a float."""
import math

import numpy as np

EXPECT = "not_float"


def entropy(p, base=2):
    p = _check_dist(p, "p")
    if not (isinstance(base, (int, float, np.integer, np.floating)) and math.isfinite(base)
            and base > 0 and base != 1):
        raise ValueError(f"base must be a finite number > 0 and != 1, got {base!r}")
    return np.asarray(_neg_p_log2_q(p, p) / math.log2(base))
