"""Cross entropy with p and q swapped: −Σ q log2 p instead of −Σ p log2 q."""
EXPECT = "ce_swapped"


def cross_entropy_bits(p, q):
    p, q = _check_pair(p, q)
    return _neg_p_log2_q(q, p)
