"""Adamax with eps added to the denominator, m / (u + eps), instead of inside the max as torch does."""
import numpy as np

EXPECT = "adamax_eps_outside"


def adamax_step(param, grad, state, lr, betas=(0.9, 0.999), eps=1e-8):
    param, grad = _check(param, grad, state, lr)
    beta1, beta2 = betas
    if not (0 <= beta1 < 1 and 0 <= beta2 < 1) or eps < 0:
        raise ValueError("bad hyperparameters")
    t = state.get("step", 0) + 1
    m = beta1 * _buffer(state, "exp_avg", param) + (1 - beta1) * grad
    u = np.maximum(beta2 * _buffer(state, "exp_inf", param), np.abs(grad))
    return param - lr / (1 - beta1**t) * m / (u + eps), {"step": t, "exp_avg": m, "exp_inf": u}
