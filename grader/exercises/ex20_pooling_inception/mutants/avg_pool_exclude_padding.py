"""Average pooling divides each window by the number of REAL inputs in it (count_include_pad=False)."""
import numpy as np

EXPECT = "count_include_pad"


def avg_pool2d(x, kernel_size, stride=None, padding=0):
    x, k, s, p, out = _geometry(x, kernel_size, stride, padding)
    sums = _windows(_pad(x, p, 0.0), k, s, out).sum(axis=(4, 5))
    counts = _windows(_pad(np.ones_like(x), p, 0.0), k, s, out).sum(axis=(4, 5))
    return sums / counts
