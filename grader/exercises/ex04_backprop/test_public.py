"""Public checks for ex04_backprop: small worked examples you can reproduce by hand."""
import numpy as np
import pytest

from grader.author import assert_close, keys

K = keys(__file__)


X = np.array([[1.0, 2.0], [3.0, -1.0]])
W = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]])
B = np.array([0.5, 0.0, -1.0])
DOUT = np.array([[1.0, -1.0, 2.0], [0.0, 1.0, 1.0]])


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.linear"))
def test_linear_layer_by_hand(student):
    assert_close(student.linear_forward(X, W, B), [[5.5, 2.0, -2.0], [1.5, -1.0, -4.0]], "linear_forward(x, W, b)")
    dx, dW, db = student.linear_backward(DOUT, X, W)
    assert_close(dx, [[-1.0, 1.0], [-1.0, 1.0]], "dx = dout @ W.T")
    assert_close(dW, [[1.0, 2.0, 5.0], [2.0, -3.0, 3.0]], "dW = x.T @ dout",
                 mistakes={K("dw_transposed"): DOUT.T @ X})
    assert_close(db, [1.0, 0.0, 3.0], "db = dout summed over the batch", mistakes={K("db_not_summed"): DOUT})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.activation"))
def test_activations_by_hand(student):
    out = np.array([0.5, 0.9, 0.1])
    assert_close(student.sigmoid_backward(np.array([2.0, 1.0, -4.0]), out), [0.5, 0.09, -0.36],
                 "sigmoid_backward(dout=[2, 1, -4], out=[0.5, 0.9, 0.1])")
    assert_close(student.relu_backward(np.array([1.0, 2.0, 3.0, 4.0]), np.array([-1.0, 0.0, 0.5, 2.0])),
                 [0.0, 0.0, 3.0, 4.0], "relu_backward(dout=[1, 2, 3, 4], x=[-1, 0, 0.5, 2])",
                 mistakes={K("relu_at_zero"): [0.0, 2.0, 3.0, 4.0]})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.softmax_ce"))
def test_zero_network_by_hand(student):
    # All weights 0: every class gets probability 1/3, so loss = ln 3 and dscores = (1/3 − one_hot) / 2.
    Xs, y = np.ones((2, 2)), np.array([0, 1])
    loss, grads = student.mlp_loss_and_grads(Xs, y, np.zeros((2, 4)), np.zeros(4), np.zeros((4, 3)), np.zeros(3),
                                             activation="sigmoid")
    assert_close(loss, np.log(3.0), "loss with all weights 0 (ln 3)")
    assert_close(grads["b2"], [-1 / 6, -1 / 6, 1 / 3], "grads['b2'] with all weights 0",
                 mistakes={K("grads_not_averaged"): [-1 / 3, -1 / 3, 2 / 3]})
    assert_close(grads["W1"], np.zeros((2, 4)), "grads['W1'] with W2 = 0 (nothing flows back)")
