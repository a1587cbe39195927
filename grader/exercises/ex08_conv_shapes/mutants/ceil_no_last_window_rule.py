"""ceil_mode rounds up but keeps a last window that starts in the right padding (torch drops it)."""
EXPECT = "ceil_last_window"


def _pool_axis(n, k, s, p, ceil_mode):
    if p > k // 2:
        raise ValueError("padding too large")
    span = n + 2 * p - k
    out = (-(-span // s) if ceil_mode else span // s) + 1
    if out < 1:
        raise ValueError("impossible configuration")
    return out
