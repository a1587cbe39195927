"""Ignores dilation: uses the kernel size k instead of its span d·(k − 1) + 1."""
EXPECT = "dilation_ignored"


def _conv_axis(n, k, s, p, d):
    out = (n + 2 * p - k) // s + 1
    if out < 1:
        raise ValueError("impossible configuration")
    return out
