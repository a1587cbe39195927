"""Adagrad that divides by the CURRENT gradient's size only: G = g**2 instead of G += g**2."""
import numpy as np

EXPECT = "adagrad_no_accumulation"


def adagrad_step(param, grad, state, lr, eps=1e-10):
    param, grad = _check(param, grad, state, lr)
    if eps < 0:
        raise ValueError("eps must be >= 0")
    total = grad * grad
    return param - lr * grad / (np.sqrt(total) + eps), {"sum": total}
