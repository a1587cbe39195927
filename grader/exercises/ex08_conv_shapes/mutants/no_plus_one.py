"""Forgets the +1 of the output-size formula: floor((n + 2p − d(k − 1) − 1) / s)."""
EXPECT = "no_plus_one"


def _conv_axis(n, k, s, p, d):
    out = (n + 2 * p - d * (k - 1) - 1) // s
    if out < 1:
        raise ValueError("impossible configuration")
    return out
