"""Public checks for ex07_init: fans worked out by hand, and the uniform bound."""
import math

import numpy as np
import pytest

from grader.author import Feedback, Rng, assert_equal, keys

K = keys(__file__)



@pytest.mark.points(1)
@pytest.mark.concept(K("concept.fans"))
def test_fans_by_hand(student):
    # dense (fan_in, fan_out); conv (out=20, in=10, 5, 5): fan_in = 10·25 = 250, fan_out = 20·25 = 500
    assert_equal(student.compute_fans((784, 128)), (784, 128), "compute_fans((784, 128))",
                 mistakes={K("dense_transposed"): (128, 784)})
    assert_equal(student.compute_fans((20, 10, 5, 5)), (250, 500), "compute_fans((20, 10, 5, 5))",
                 mistakes={K("conv_no_receptive_field"): (10, 20)})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.uniform_bound"))
def test_he_uniform_bound(student):
    # fan_in = 6: b = sqrt(6 / 6) = 1, so every weight lies in [-1, 1], and 6000 of them come close to ±1.
    w = np.asarray(student.he_uniform((6, 1000), Rng(0)), dtype=float)
    top = float(np.max(np.abs(w))) if w.size else 0.0
    if w.shape != (6, 1000) or top > 1.0 or top < 1 - math.log(1e8) / 6000:
        # the bound without √3 is 1/√3 ≈ 0.577; from fan_out it is sqrt(6/1000) ≈ 0.077
        hint = {0.577: K("uniform_no_sqrt3"), 0.077: K("he_fan_out")}.get(round(top, 3))
        raise Feedback(K("uniform_bound"), hint=hint, what="he_uniform((6, 1000), rng)", bound="1",
                       top=f"{top:.6g}", eps=f"{math.log(1e8) / 6000:.2%}")
