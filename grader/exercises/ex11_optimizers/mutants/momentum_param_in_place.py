"""Momentum that updates the caller's parameter array in place (param -= lr * buf)."""
import numpy as np

EXPECT = "param_in_place"


def momentum_step(param, grad, state, lr, momentum=0.9):
    param = np.asarray(param, dtype=np.float64)
    _check(param, grad, state, lr)
    if momentum < 0:
        raise ValueError("momentum must be >= 0")
    grad = np.asarray(grad, dtype=np.float64)
    buf = momentum * state["momentum_buffer"] + grad if "momentum_buffer" in state else grad.copy()
    param -= lr * buf
    return param, {"momentum_buffer": buf}
