"""Public checks for ex16_svm: small examples you can work out by hand."""
import numpy as np
import pytest

from grader.author import assert_close, assert_equal, keys

K = keys(__file__)


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.hinge"))
def test_hinge_by_hand(student):
    # y·s = 2, 1, 0.5, -1: outside the band (0), exactly on the margin (0), inside (0.5), on the wrong side (2).
    s, y = np.array([2.0, -1.0, 0.5, 1.0]), np.array([1, -1, 1, -1])
    assert_close(student.hinge_loss(s, y), [0.0, 0.0, 0.5, 2.0], "hinge_loss([2, -1, 0.5, 1], [1, -1, 1, -1])",
                 mistakes={K("hinge_no_max"): [-1.0, 0.0, 0.5, 2.0], K("hinge_perceptron"): [0.0, 0.0, 0.0, 1.0]})
    # ∂ℓ/∂s = -y where y·s < 1; 0 on the margin (y·s = 1 exactly) and beyond.
    assert_close(student.hinge_subgradient(s, y), [0.0, 0.0, -1.0, 1.0],
                 "hinge_subgradient([2, -1, 0.5, 1], [1, -1, 1, -1])",
                 mistakes={K("kink_convention"): [0.0, 1.0, -1.0, 1.0], K("subgradient_sign"): [0.0, 0.0, 1.0, -1.0]})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.objective"))
def test_objective_by_hand(student):
    # w = (1, 1), b = 0.5: scores 2.5, 0.5, -1.5; margins 2.5, 0.5, 1.5; hinge 0, 0.5, 0.
    # J = 0.5·(1 + 1) + C·0.5 = 1 + 0.5·C: 2.0 with C = 2 (b is not in the penalty).
    w, X, y = np.array([1.0, 1.0]), np.array([[1.0, 1.0], [0.0, 0.0], [-1.0, -1.0]]), np.array([1, 1, -1])
    assert_close(student.svm_objective(w, 0.5, X, y, 2.0), 2.0, "svm_objective(w, 0.5, X, y, C=2.0)",
                 mistakes={K("c_on_norm"): 2.5, K("bias_regularised"): 2.125, K("hinge_mean"): 1 + 1 / 3,
                           K("norm_no_half"): 3.0})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.subgradient_step"))
def test_subgradient_step_by_hand(student):
    # Same data, C = 2: only sample 1 (margin 0.5) violates, and it has x = 0, y = +1:
    # ∂J/∂w = w − 2·(+1)·(0, 0) = (1, 1), ∂J/∂b = −2·(+1) = −2.
    # A step with lr = 0.1: w = (0.9, 0.9), b = 0.5 + 0.2 = 0.7.
    w, X, y = np.array([1.0, 1.0]), np.array([[1.0, 1.0], [0.0, 0.0], [-1.0, -1.0]]), np.array([1, 1, -1])
    dw, db = student.svm_subgradient(w, 0.5, X, y, 2.0)
    assert_close(dw, [1.0, 1.0], "svm_subgradient(w, 0.5, X, y, C=2.0): dw", mistakes={K("c_on_norm"): [2.0, 2.0]})
    assert_close(db, -2.0, "svm_subgradient(w, 0.5, X, y, C=2.0): db",
                 mistakes={K("bias_regularised"): -1.5, K("subgradient_sign"): 2.0})
    new_w, new_b = student.svm_step(w, 0.5, X, y, 0.1, 2.0)
    assert_close(new_w, [0.9, 0.9], "svm_step(w, 0.5, X, y, lr=0.1, C=2.0): new_w",
                 mistakes={K("step_ascent"): [1.1, 1.1]})
    assert_close(new_b, 0.7, "svm_step(w, 0.5, X, y, lr=0.1, C=2.0): new_b", mistakes={K("step_ascent"): 0.3})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.margin"))
def test_margin_and_support_vectors_by_hand(student):
    # ‖(3, 4)‖ = 5: the band between w·x + b = ±1 is 2/5 = 0.4 wide.
    assert_close(student.margin_width(np.array([3.0, 4.0])), 0.4, "margin_width([3, 4])",
                 mistakes={K("margin_half"): 0.2, K("margin_squared_norm"): 0.08})
    # w = (1, 0), b = 0, y = +1: the margins are the first features 2, 1, 0.5, -0.5.
    w, X, y = np.array([1.0, 0.0]), np.array([[2.0, 0.0], [1.0, 5.0], [0.5, 1.0], [-0.5, 0.0]]), np.ones(4, dtype=int)
    assert_close(student.support_vectors(w, 0.0, X, y), np.array([1, 2, 3]), "support_vectors(w, 0.0, X, y)",
                 rtol=0, atol=0, mistakes={K("support_strict"): np.array([2, 3]),
                                           K("support_only_on_margin"): np.array([1])})
    assert_equal(int(student.margin_violations(w, 0.0, X, y)), 2, "margin_violations(w, 0.0, X, y)",
                 mistakes={K("violations_misclassified_only"): 1, K("violations_on_margin"): 3})
