"""Public checks for ex12_regression_losses: small examples worked out by hand."""
import numpy as np
import pytest

from grader.author import assert_close, keys

K = keys(__file__)



@pytest.mark.points(1)
@pytest.mark.concept(K("concept.losses"))
def test_losses_and_penalties_by_hand(student):
    y_pred, y_true = np.array([3.0, 0.0, 2.0, 5.0]), np.array([1.0, 0.0, 3.0, 5.0])  # errors 2, 0, -1, 0
    assert_close(student.mse(y_pred, y_true), 1.25, "mse([3, 0, 2, 5], [1, 0, 3, 5])",
                 mistakes={K("mse_sum"): 5.0})
    assert_close(student.rmse(y_pred, y_true), np.sqrt(1.25), "rmse([3, 0, 2, 5], [1, 0, 3, 5])",
                 mistakes={K("rmse_no_sqrt"): 1.25})
    assert_close(student.mae(y_pred, y_true), 0.75, "mae([3, 0, 2, 5], [1, 0, 3, 5])",
                 mistakes={K("mae_squared"): 1.25})
    w = np.array([[1.0, -2.0], [0.0, 3.0]])
    assert_close(student.l1_penalty(w), 6.0, "l1_penalty([[1, -2], [0, 3]])")
    assert_close(student.l2_penalty(w), 14.0, "l2_penalty([[1, -2], [0, 3]])",
                 mistakes={K("l2_half"): 7.0})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.ridge"))
def test_ridge_by_hand(student):
    # XᵀX = 2I and Xᵀy = [2, 4], so w = [2, 4] / (2 + λ); with λ = 2: [0.5, 1.0]
    X = np.array([[1.0, 1.0], [1.0, -1.0]])
    y = np.array([3.0, -1.0])
    assert_close(student.ridge_closed_form(X, y, 2.0), [0.5, 1.0], "ridge_closed_form(X, y, lam=2.0)",
                 mistakes={K("ridge_half_lambda"): [2 / 3, 4 / 3]})
    assert_close(student.ridge_closed_form(X, y, 0.0), [1.0, 2.0], "ridge_closed_form(X, y, lam=0.0)")
