"""Public checks for ex13_entropy: small worked examples you can reproduce by hand."""
import math

import numpy as np
import pytest

from grader.author import assert_close, keys

K = keys(__file__)



@pytest.mark.points(1)
@pytest.mark.concept(K("concept.entropy"))
def test_entropy_by_hand(student):
    # −(½·log2 ½ + ¼·log2 ¼ + ¼·log2 ¼ + 0) = ½ + ½ + ½ = 1.5 bits; the 0 entry adds nothing.
    p = np.array([0.5, 0.25, 0.25, 0.0])
    assert_close(student.entropy(p), 1.5, "entropy([0.5, 0.25, 0.25, 0])",
                 mistakes={K("natural_log"): 1.5 * math.log(2), K("missing_minus"): -1.5,
                           K("nan_log0"): lambda g: bool(np.isnan(g))})
    assert_close(student.entropy(np.full(8, 1 / 8)), 3.0, "entropy(uniform over 8) = log2 8")


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.kl"))
def test_cross_entropy_and_kl_by_hand(student):
    # One-hot p = [0, 1, 0, 0] against uniform q: H(p, q) = −log2 ¼ = 2 bits, H(p) = 0, KL = 2 − 0.
    p, q = np.array([0.0, 1.0, 0.0, 0.0]), np.full(4, 0.25)
    nats = {K("natural_log"): 2 * math.log(2)}
    assert_close(student.cross_entropy_bits(p, q), 2.0, "cross_entropy_bits(one_hot, uniform)",
                 mistakes={**nats, K("ce_swapped"): math.inf})
    assert_close(student.kl_divergence(p, q), 2.0, "kl_divergence(one_hot, uniform)",
                 mistakes={**nats, K("kl_swapped"): math.inf})
