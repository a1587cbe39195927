"""Rounds the convolution's division up (ceil) instead of down (floor)."""
import math

EXPECT = "floor_vs_ceil"


def _conv_axis(n, k, s, p, d):
    span = n + 2 * p - d * (k - 1) - 1
    if span < 0:
        raise ValueError("impossible configuration")
    return math.ceil(span / s) + 1
