"""Public checks for ex07_init: fans worked out by hand, and the uniform bound."""
import math

import numpy as np
import pytest

from grader.checks import assert_equal
from grader.childside.wire import Rng
from grader.feedback import Feedback


@pytest.mark.points(1)
@pytest.mark.concept("ex07_init.concept.fans")
def test_fans_by_hand(student):
    # dense (fan_in, fan_out); conv (out=20, in=10, 5, 5): fan_in = 10·25 = 250, fan_out = 20·25 = 500
    assert_equal(student.compute_fans((784, 128)), (784, 128), "compute_fans((784, 128))",
                 mistakes={"ex07_init.dense_transposed": (128, 784)})
    assert_equal(student.compute_fans((20, 10, 5, 5)), (250, 500), "compute_fans((20, 10, 5, 5))",
                 mistakes={"ex07_init.conv_no_receptive_field": (10, 20)})


@pytest.mark.points(1)
@pytest.mark.concept("ex07_init.concept.uniform_bound")
def test_he_uniform_bound(student):
    # fan_in = 6: b = sqrt(6 / 6) = 1, so every weight lies in [-1, 1].
    w = np.asarray(student.he_uniform((6, 1000), Rng(0)))
    if w.shape != (6, 1000) or not np.all(np.abs(w) <= 1.0) or np.max(np.abs(w)) < 0.9:
        raise Feedback("ex07_init.uniform_bound", what="he_uniform((6, 1000), rng)", bound="1",
                       top=f"{np.max(np.abs(w)):.6g}" if w.size else "?", eps=f"{math.log(1e8) / 6000:.2%}")
