"""Keeps the decay out of the momentum buffer: b ← μ·b + g, then w − lr·(b + λ·w)."""

EXPECT = "decay_after_momentum"


def sgd_step(param, grad, state, lr, momentum=0.0, weight_decay=0.0):
    param, grad = np.asarray(param, dtype=np.float64), np.asarray(grad, dtype=np.float64)
    if param.shape != grad.shape:
        raise ValueError("shapes differ")
    if not isinstance(state, dict):
        raise ValueError("state must be a dict")
    lr, momentum = _non_negative("lr", lr), _non_negative("momentum", momentum)
    weight_decay = _non_negative("weight_decay", weight_decay)
    if momentum == 0.0:
        return param - lr * (grad + weight_decay * param), {}
    b = grad
    if "momentum_buffer" in state:
        b = momentum * np.asarray(state["momentum_buffer"], dtype=np.float64) + grad
    return param - lr * (b + weight_decay * param), {"momentum_buffer": b}
