"""Public checks for ex19_overfitting: small examples you can work out by hand."""
import numpy as np
import pytest

from grader.author import assert_close, assert_equal, keys

K = keys(__file__)


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.early_stopping"))
def test_early_stopping_by_hand(student):
    # Epoch 2 (0.6) is the best; epochs 3, 4, 5 do not beat it: patience 3 runs out at the end of epoch 5.
    got = student.early_stopping([0.9, 0.7, 0.6, 0.65, 0.64, 0.66, 0.5], 3)
    assert_equal(tuple(int(v) for v in got), (2, 5), "early_stopping([0.9, 0.7, 0.6, 0.65, 0.64, 0.66, 0.5], 3)",
                 mistakes={K("patience_off_by_one"): (6, 6), K("looked_past_stop"): (6, 5), K("one_based"): (3, 6)})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.weight_decay"))
def test_weight_decay_step_by_hand(student):
    # The gradient of loss + (0.1/2)·‖w‖² is g + 0.1·w = [0.5 + 0.1, 0.5 − 0.2] = [0.6, 0.3];
    # w − 0.1 · [0.6, 0.3] = [0.94, −2.03].
    w, g = np.array([1.0, -2.0]), np.array([0.5, 0.5])
    new_w, _ = student.sgd_step(w, g, {}, 0.1, weight_decay=0.1)
    assert_close(new_w, [0.94, -2.03], "sgd_step([1, -2], [0.5, 0.5], {}, lr=0.1, weight_decay=0.1)",
                 mistakes={K("decay_not_scaled_by_lr"): [0.85, -1.85], K("decay_sign"): [0.96, -2.07],
                           K("decay_factor_two"): [0.93, -2.01]})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.augmentation"))
def test_flip_and_shift_by_hand(student):
    image = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    assert_close(student.hflip(image), [[3.0, 2.0, 1.0], [6.0, 5.0, 4.0]], "hflip([[1, 2, 3], [4, 5, 6]])",
                 mistakes={K("flip_wrong_axis"): [[4.0, 5.0, 6.0], [1.0, 2.0, 3.0]]})
    # dy = 1 moves the content one row down, dx = -1 one column left; the uncovered pixels are 0.
    assert_close(student.shift(image, 1, -1), [[0.0, 0.0, 0.0], [2.0, 3.0, 0.0]],
                 "shift([[1, 2, 3], [4, 5, 6]], 1, -1)",
                 mistakes={K("shift_wraps"): [[5.0, 6.0, 4.0], [2.0, 3.0, 1.0]],
                           K("shift_direction"): [[0.0, 4.0, 5.0], [0.0, 0.0, 0.0]]})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.vanishing"))
def test_chain_gradients_by_hand(student):
    # ReLU, x = 1, w = [2, 3]: h1 = 2, h2 = 6, so ∂h2/∂x = 3·2 = 6, ∂h2/∂w1 = 3·x = 3, ∂h2/∂w2 = h1 = 2.
    dx, dw = student.chain_gradients(1.0, np.array([2.0, 3.0]), "relu")
    assert_close(dx, 6.0, "chain_gradients(1, [2, 3], 'relu'): dx")
    assert_close(dw, [3.0, 2.0], "chain_gradients(1, [2, 3], 'relu'): dw",
                 mistakes={K("weight_grad_missing_input"): [3.0, 1.0]})
    # Sigmoid, x = 1, w = [0]: z = 0, σ'(0) = 1/4, so ∂h/∂x = 0 · 1/4 = 0 and ∂h/∂w = 1/4 · x = 1/4.
    dx, dw = student.chain_gradients(1.0, np.array([0.0]), "sigmoid")
    assert_close(dw, [0.25], "chain_gradients(1, [0], 'sigmoid'): dw",
                 mistakes={K("sigmoid_derivative_on_z"): [0.0]})
    assert_close(dx, 0.0, "chain_gradients(1, [0], 'sigmoid'): dx", mistakes={K("chain_missing_weights"): 0.25})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.clipping"))
def test_clipping_by_hand(student):
    # ‖(3, 4)‖ = 5 > 1: both gradients are scaled by 1/5 (torch's + 1e-6 is within the tolerance).
    clipped, total = student.clip_grad_norm([np.array([3.0]), np.array([4.0])], 1.0)
    assert_close(total, 5.0, "clip_grad_norm([[3], [4]], 1.0): total_norm", mistakes={K("norm_after_clip"): 1.0})
    assert_close(np.concatenate([np.ravel(c) for c in clipped]), [0.6, 0.8], "clip_grad_norm([[3], [4]], 1.0): clipped",
                 rtol=1e-5, mistakes={K("per_tensor_clip"): [1.0, 1.0]})
    (by_value,) = student.clip_grad_value([np.array([-3.0, 0.5, 2.0])], 1.0)
    assert_close(by_value, [-1.0, 0.5, 1.0], "clip_grad_value([[-3, 0.5, 2]], 1.0)",
                 mistakes={K("one_sided_clip"): [-3.0, 0.5, 1.0]})
