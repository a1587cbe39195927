"""Public checks for ex02_perceptron: the AND gate, worked by hand."""
import numpy as np
import pytest

from grader.author import Rng, assert_close, keys

K = keys(__file__)


X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
Y_AND = np.array([-1, -1, -1, 1])


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.step"))
def test_step_and_predict(student):
    assert_close(student.step(np.array([-1.0, 0.0, 2.0])), [-1, -1, 1], "step([-1, 0, 2])", rtol=0, atol=0,
                 mistakes={K("step_zero"): np.array([-1, 1, 1])})
    w = np.array([-1.5, 1.0, 1.0])  # s = w[0] + X @ w[1:] = [-1.5, -0.5, -0.5, 0.5]
    assert_close(student.predict(w, X), Y_AND, "predict([-1.5, 1, 1], X)", rtol=0, atol=0,
                 mistakes={K("no_bias"): np.array([-1, 1, 1, 1])}, inputs={"w": w, "X": X})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.update"))
def test_loss_and_update(student):
    # s = [0.5, 1.5, -0.5, 0.5], y·s = [-0.5, -1.5, 0.5, 0.5]: samples 0 and 1 are misclassified.
    w = np.array([0.5, 1.0, -1.0])
    assert_close(student.perceptron_loss(w, X, Y_AND), 2.0, "perceptron_loss([0.5, 1, -1], X, y_AND)",
                 mistakes={K("loss_sign"): -2.0, K("no_bias"): 1.0},
                 inputs={"w": w, "X": X, "y": Y_AND})
    # Σ y x̃ over {0, 1} = −[1, 0, 0] − [1, 1, 0] = [−2, −1, 0]; w + 0.5 · that:
    assert_close(student.perceptron_update(w, X, Y_AND, 0.5), [-0.5, 0.5, -1.0],
                 "perceptron_update([0.5, 1, -1], X, y_AND, lr=0.5)",
                 mistakes={K("update_sign"): np.array([1.5, 1.5, -1.0]),
                           K("update_all"): np.array([-0.5, 1.0, -1.0])},
                 inputs={"w": w, "X": X, "y": Y_AND, "lr": 0.5})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.training"))
def test_learns_and(student):
    w = np.asarray(student.train_perceptron(X, Y_AND, 1.0, 100, "batch", Rng(0)), dtype=float)
    pred = np.where(w[0] + X @ w[1:] > 0, 1, -1)
    assert_close(pred, Y_AND, "predict(w, X) for w = train_perceptron(X, y_AND, 1.0, 100, 'batch')", rtol=0, atol=0,
                 inputs={"X": X, "w": w})
