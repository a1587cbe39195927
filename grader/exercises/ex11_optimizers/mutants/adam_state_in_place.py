"""Adam that updates the caller's state dict and its arrays in place (state["exp_avg"] *= beta1 ...)."""
import numpy as np

EXPECT = "state_in_place"


def adam_step(param, grad, state, lr, betas=(0.9, 0.999), eps=1e-8):
    param, grad = _check(param, grad, state, lr)
    beta1, beta2 = betas
    if not (0 <= beta1 < 1 and 0 <= beta2 < 1) or eps < 0:
        raise ValueError("bad hyperparameters")
    if not state:
        state["step"] = 0
        state["exp_avg"] = np.zeros_like(param)
        state["exp_avg_sq"] = np.zeros_like(param)
    state["step"] += 1
    t = state["step"]
    state["exp_avg"] *= beta1
    state["exp_avg"] += (1 - beta1) * grad
    state["exp_avg_sq"] *= beta2
    state["exp_avg_sq"] += (1 - beta2) * grad * grad
    m_hat = state["exp_avg"] / (1 - beta1**t)
    v_hat = state["exp_avg_sq"] / (1 - beta2**t)
    return param - lr * m_hat / (np.sqrt(v_hat) + eps), state
