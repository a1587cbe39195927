"""RMSprop with eps inside the square root, g / sqrt(s + eps), where PyTorch uses g / (sqrt(s) + eps)."""
import numpy as np

EXPECT = "rmsprop_eps_inside"


def rmsprop_step(param, grad, state, lr, alpha=0.99, eps=1e-8):
    param, grad = _check(param, grad, state, lr)
    if not 0.0 <= alpha <= 1.0:
        raise ValueError("alpha must be in [0, 1]")
    if eps < 0:
        raise ValueError("eps must be >= 0")
    square_avg = alpha * _buffer(state, "square_avg", param) + (1.0 - alpha) * grad * grad
    return param - lr * grad / np.sqrt(square_avg + eps), {"square_avg": square_avg}
