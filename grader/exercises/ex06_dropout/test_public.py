"""Public checks for ex06_dropout: small examples you can work out by hand."""
import numpy as np
import pytest

from grader.author import Rng, assert_close, keys

K = keys(__file__)



@pytest.mark.points(1)
@pytest.mark.concept(K("concept.eval_mode"))
def test_eval_mode_returns_x(student):
    x = np.array([[1.0, -2.0, 3.0]])
    out, mask = student.dropout_forward(x, 0.5, False, Rng(0))
    assert_close(out, x, "dropout_forward([[1, -2, 3]], p=0.5, train=False, rng): out", rtol=0, atol=0,
                 mistakes={K("scale_in_eval"): lambda g: np.allclose(g, x * 0.5) or np.allclose(g, x * 2),
                           K("dropout_in_eval"): lambda g: bool(np.any(g == 0))})
    assert_close(mask, np.ones((1, 3)), "dropout_forward([[1, -2, 3]], p=0.5, train=False, rng): mask", rtol=0, atol=0)


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.backward"))
def test_backward_by_hand(student):
    # p = 0.5: kept entries carry 1 / (1 - 0.5) = 2 in the mask, dropped ones 0.
    mask = np.array([2.0, 0.0, 2.0])
    assert_close(student.dropout_backward(np.array([1.0, 2.0, 3.0]), mask), [2.0, 0.0, 6.0],
                 "dropout_backward([1, 2, 3], mask=[2, 0, 2])")
