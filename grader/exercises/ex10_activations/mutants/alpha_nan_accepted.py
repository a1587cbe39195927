"""The alpha check as alpha < 0 only: NaN passes (NaN < 0 is False) and every negative entry becomes NaN."""
import numpy as np

EXPECT = "no_validation"


def _check_alpha(alpha):
    alpha = float(alpha)
    if alpha < 0:
        raise ValueError(f"alpha must be >= 0, got {alpha}")
    return alpha
