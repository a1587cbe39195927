"""Public checks for ex03_gradient_descent: small examples worked by hand."""
import numpy as np
import pytest

from grader.author import assert_close, keys

K = keys(__file__)


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.mse"))
def test_mse_by_hand(student):
    # errors y_pred − y_true = [1, 0, −2, 0]; squares [1, 0, 4, 0]; mean 5/4
    assert_close(student.mse(np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 2.0, 1.0, 4.0])), 1.25,
                 "mse([1, 2, 3, 4], [2, 2, 1, 4])", mistakes={K("mse_sum"): 5.0, K("mse_half"): 0.625})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.gradient"))
def test_gradients_and_step_by_hand(student):
    X, y, w, b = np.array([[1.0], [2.0]]), np.array([1.0, 3.0]), np.array([1.0]), 0.0
    inputs = {"X": X, "y": y, "w": w, "b": b}
    # r = Xw + b − y = [0, −1]; dw = (2/2)·Xᵀr = [−2]; db = (2/2)·Σr = −1
    dw, db = student.mse_gradients(w, b, X, y)
    assert_close(dw, [-2.0], "mse_gradients(w, b, X, y): dw", inputs=inputs,
                 mistakes={K("grad_not_divided"): np.array([-4.0]), K("grad_no_factor2"): np.array([-1.0]),
                           K("grad_sign"): np.array([2.0])})
    assert_close(db, -1.0, "mse_gradients(w, b, X, y): db", inputs=inputs,
                 mistakes={K("grad_not_divided"): -2.0, K("grad_no_factor2"): -0.5, K("grad_sign"): 1.0,
                           K("bias_grad_missing"): 0.0})
    # one step with lr = 0.5: w = 1 − 0.5·(−2) = 2, b = 0 − 0.5·(−1) = 0.5
    new_w, new_b = student.gd_step(w, b, X, y, 0.5)
    assert_close(new_w, [2.0], "gd_step(w, b, X, y, 0.5): new w", inputs=inputs,
                 mistakes={K("step_sign"): np.array([0.0])})
    assert_close(new_b, 0.5, "gd_step(w, b, X, y, 0.5): new b", inputs=inputs,
                 mistakes={K("step_sign"): -0.5})


def f(x):
    return x[0] ** 2 + 3 * x[1]


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.numerical_gradient"))
def test_numerical_gradient_by_hand(student):
    # f(x) = x0² + 3·x1 has gradient [2·x0, 3] = [2, 3] at x = [1, 2]; central differences are exact
    # for a quadratic up to round-off, the forward difference is off by ε in the first entry.
    x = np.array([1.0, 2.0])
    assert_close(student.numerical_gradient(f, x), [2.0, 3.0], "numerical_gradient(f, [1, 2]) for f(x) = x0² + 3·x1",
                 rtol=1e-7, atol=1e-8, mistakes={K("forward_difference"): np.array([2.00001, 3.0])},
                 inputs={"x": x})
