"""Pooling always rounds down: ceil_mode is ignored."""
EXPECT = "ceil_mode_ignored"


def _pool_axis(n, k, s, p, ceil_mode):
    if p > k // 2:
        raise ValueError("padding too large")
    out = (n + 2 * p - k) // s + 1
    if out < 1:
        raise ValueError("impossible configuration")
    return out
