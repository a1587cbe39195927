"""hardtanh derivative 1 on the closed interval [min_val, max_val]: 1 at the kinks where PyTorch gives 0."""
import numpy as np

EXPECT = "kink_convention"


def hardtanh_grad(x, min_val=-1.0, max_val=1.0):
    if min_val > max_val:
        raise ValueError("min_val > max_val")
    x = _as_float(x)
    return ((x >= min_val) & (x <= max_val)).astype(np.float64)
