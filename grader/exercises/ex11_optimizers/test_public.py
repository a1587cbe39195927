"""Public checks for ex11_optimizers: the first steps, worked out by hand."""
import numpy as np
import pytest

from grader.author import assert_close, keys

K = keys(__file__)



@pytest.mark.points(1)
@pytest.mark.concept(K("concept.update_rule"))
def test_first_steps_by_hand(student):
    p, g = np.array([1.0, -2.0]), np.array([0.5, -4.0])
    new, state = student.sgd_step(p, g, {}, lr=0.1)
    assert_close(new, [0.95, -1.6], "sgd_step([1, -2], [0.5, -4], {}, lr=0.1)[0]",
                 mistakes={K("sign_flipped"): [1.05, -2.4]})
    # momentum: b = g on the first step, then b = 0.9 b + g
    new, state = student.momentum_step(p, g, {}, lr=0.1, momentum=0.9)
    assert_close(new, [0.95, -1.6], "momentum_step(..., momentum=0.9), step 1")
    new, state = student.momentum_step(new, g, state, lr=0.1, momentum=0.9)
    assert_close(new, [0.855, -0.84], "momentum_step(..., momentum=0.9), step 2 with the same gradient")
    # Adagrad, first step: G = g², so the step is lr · g / |g| = lr · sign(g)
    new, _ = student.adagrad_step(p, g, {}, lr=0.1, eps=0.0)
    assert_close(new, [0.9, -1.9], "adagrad_step([1, -2], [0.5, -4], {}, lr=0.1, eps=0)[0]")


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.update_rule"))
def test_adam_first_step_is_lr_times_sign(student):
    # With bias correction, m̂ = g and v̂ = g² on step 1, so (eps = 0) the step is lr · sign(g).
    p, g = np.array([1.0, -2.0, 0.5]), np.array([0.3, -7.0, 2.0])
    new, state = student.adam_step(p, g, {}, lr=0.01, betas=(0.9, 0.999), eps=0.0)
    assert_close(new, [0.99, -1.99, 0.49], "adam_step(..., lr=0.01, eps=0), step 1",
                 mistakes={K("adam_no_bias_correction"): p - 0.01 * 0.1 * g / np.sqrt(0.001 * g * g)})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.update_rule"))
def test_adamax_two_steps_by_hand(student):
    # Step 1: m = 0.1·g, u = |g| (eps = 0), m̂ = m / (1 − 0.9) = g, so the step is lr · sign(g).
    p, g1, g2 = np.array([1.0, -2.0]), np.array([2.0, -1.0]), np.array([1.0, -3.0])
    new, state = student.adamax_step(p, g1, {}, lr=0.1, betas=(0.9, 0.99), eps=0.0)
    assert_close(new, [0.9, -1.9], "adamax_step([1, -2], [2, -1], {}, lr=0.1, betas=(0.9, 0.99), eps=0), step 1",
                 mistakes={K("adamax_u_corrected"): [0.999, -1.999], K("adamax_no_bias_correction"): [0.99, -1.99]})
    # Step 2: m = 0.9·m + 0.1·g2 = [0.28, −0.39], u = max(0.99·u, |g2|) = [1.98, 3],
    # p ← p − (0.1 / (1 − 0.9²)) · m / u
    new, state = student.adamax_step(new, g2, state, lr=0.1, betas=(0.9, 0.99), eps=0.0)
    assert_close(new, [0.9 - 0.1 / 0.19 * 0.28 / 1.98, -1.9 + 0.1 / 0.19 * 0.39 / 3.0],
                 "adamax_step(..., [1, -3], state, lr=0.1, betas=(0.9, 0.99), eps=0), step 2")
