"""Public checks for ex05_softmax_ce: small worked examples you can reproduce by hand."""
import numpy as np
import pytest

from grader.author import assert_close, keys

K = keys(__file__)


LN3 = np.log(3.0)


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.softmax"))
def test_softmax_by_hand(student):
    # exp(0) : exp(ln 3) = 1 : 3, so the probabilities are 1/4 and 3/4.
    z = np.array([[0.0, LN3], [5.0, 5.0]])
    assert_close(student.softmax(z), [[0.25, 0.75], [0.5, 0.5]], "softmax([[0, ln 3], [5, 5]])",
                 mistakes={K("softmax_wrong_axis"): np.exp(z) / np.exp(z).sum(axis=0),
                           K("no_keepdims"): [[0.25, 0.5], [0.75, 0.5]]})  # row sums along columns
    assert_close(student.log_softmax(z), np.log([[0.25, 0.75], [0.5, 0.5]]), "log_softmax([[0, ln 3], [5, 5]])")


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.cross_entropy"))
def test_cross_entropy_by_hand(student):
    assert_close(student.one_hot(np.array([0, 2]), 3), [[1, 0, 0], [0, 0, 1]], "one_hot([0, 2], 3)",
                 mistakes={K("one_hot_transposed"): [[1, 0], [0, 0], [0, 1]]})
    logits, y = np.array([[0.0, LN3], [0.0, LN3]]), np.array([1, 0])
    # Both rows have probabilities [1/4, 3/4]: loss = (−ln 3/4 − ln 1/4) / 2.
    expected = (-np.log(0.75) - np.log(0.25)) / 2
    assert_close(student.cross_entropy(logits, y), expected, "cross_entropy([[0, ln 3], [0, ln 3]], [1, 0])",
                 mistakes={K("ce_summed"): 2 * expected})
    assert_close(student.cross_entropy_grad(logits, y), [[0.125, -0.125], [-0.375, 0.375]],
                 "cross_entropy_grad([[0, ln 3], [0, ln 3]], [1, 0]) = (softmax − one_hot) / 2",
                 mistakes={K("grad_not_divided"): [[0.25, -0.25], [-0.75, 0.75]]})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.bce"))
def test_binary_cross_entropy_by_hand(student):
    # −(log 0.5 + log(1 − 0.75)) / 2
    assert_close(student.binary_cross_entropy(np.array([0.5, 0.75]), np.array([1.0, 0.0])),
                 (np.log(2.0) + np.log(4.0)) / 2, "binary_cross_entropy([0.5, 0.75], [1, 0])")
