"""RMSprop with the weights of its moving average swapped: s = (1 - alpha)*s + alpha*g**2."""
import numpy as np

EXPECT = "rmsprop_alpha_swapped"


def rmsprop_step(param, grad, state, lr, alpha=0.99, eps=1e-8):
    param, grad = _check(param, grad, state, lr)
    if not 0.0 <= alpha <= 1.0 or eps < 0:
        raise ValueError("bad hyperparameters")
    square_avg = (1.0 - alpha) * _buffer(state, "square_avg", param) + alpha * grad * grad
    return param - lr * grad / (np.sqrt(square_avg) + eps), {"square_avg": square_avg}
