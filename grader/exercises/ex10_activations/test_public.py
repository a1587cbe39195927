"""Public checks for ex10_activations: values you can work out by hand."""
import numpy as np
import pytest

from grader.author import assert_close, keys

K = keys(__file__)



@pytest.mark.points(1)
@pytest.mark.concept(K("concept.formula"))
def test_values_by_hand(student):
    x = np.array([-2.0, 0.0, 3.0, 8.0])
    assert_close(student.relu(x), [0.0, 0.0, 3.0, 8.0], "relu([-2, 0, 3, 8])")
    assert_close(student.relu6(x), [0.0, 0.0, 3.0, 6.0], "relu6([-2, 0, 3, 8])")
    assert_close(student.leaky_relu(x, alpha=0.1), [-0.2, 0.0, 3.0, 8.0], "leaky_relu([-2, 0, 3, 8], alpha=0.1)",
                 mistakes={K("leaky_alpha_swapped"): [-2.0, 0.0, 0.3, 0.8]})
    assert_close(student.hardtanh(x), [-1.0, 0.0, 1.0, 1.0], "hardtanh([-2, 0, 3, 8])")
    assert_close(student.sigmoid(np.array([0.0])), [0.5], "sigmoid([0])")
    assert_close(student.elu(np.array([0.0, 2.0]), alpha=0.5), [0.0, 2.0], "elu([0, 2], alpha=0.5)")


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.derivative"))
def test_derivatives_by_hand(student):
    x = np.array([-2.0, 0.0, 3.0, 8.0])
    assert_close(student.relu_grad(x), [0.0, 0.0, 1.0, 1.0], "relu_grad([-2, 0, 3, 8])",
                 mistakes={K("relu_grad_zero"): [0.0, 1.0, 1.0, 1.0]})
    assert_close(student.relu6_grad(x), [0.0, 0.0, 1.0, 0.0], "relu6_grad([-2, 0, 3, 8])")
    assert_close(student.leaky_relu_grad(x, alpha=0.1), [0.1, 0.1, 1.0, 1.0], "leaky_relu_grad([-2, 0, 3, 8], alpha=0.1)")
    assert_close(student.sigmoid_grad(np.array([0.0])), [0.25], "sigmoid_grad([0])")
    assert_close(student.tanh_grad(np.array([0.0])), [1.0], "tanh_grad([0])")
    assert_close(student.elu_grad(np.array([0.0, 2.0]), alpha=0.5), [0.5, 1.0], "elu_grad([0, 2], alpha=0.5)")
