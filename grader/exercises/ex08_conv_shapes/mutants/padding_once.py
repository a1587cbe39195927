"""Counts the padding once instead of on both sides: n + p instead of n + 2p."""
EXPECT = "padding_once"


def _conv_axis(n, k, s, p, d):
    out = (n + p - d * (k - 1) - 1) // s + 1
    if out < 1:
        raise ValueError("impossible configuration")
    return out
