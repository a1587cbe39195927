"""Adagrad that scales the caller's gradient array in place (grad /= √G + eps) before the step."""
import numpy as np

EXPECT = "grad_in_place"


def adagrad_step(param, grad, state, lr, eps=1e-10):
    param, _ = _check(param, grad, state, lr)
    _non_negative("eps", eps)
    grad = np.asarray(grad)
    total = _buffer(state, "sum", param) + grad * grad
    grad /= np.sqrt(total) + eps
    return param - lr * grad, {"sum": total}
