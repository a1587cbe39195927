"""Subtracts the decay without the learning rate (w − lr·g − λ·w), the "decoupled" form."""

EXPECT = "decay_not_scaled_by_lr"


def sgd_step(param, grad, state, lr, momentum=0.0, weight_decay=0.0):
    param, grad = np.asarray(param, dtype=np.float64), np.asarray(grad, dtype=np.float64)
    if param.shape != grad.shape:
        raise ValueError("shapes differ")
    if not isinstance(state, dict):
        raise ValueError("state must be a dict")
    lr, momentum = _non_negative("lr", lr), _non_negative("momentum", momentum)
    weight_decay = _non_negative("weight_decay", weight_decay)
    d = grad
    if momentum == 0.0:
        return param - lr * d - weight_decay * param, {}
    if "momentum_buffer" in state:
        d = momentum * np.asarray(state["momentum_buffer"], dtype=np.float64) + d
    return param - lr * d - weight_decay * param, {"momentum_buffer": d}
