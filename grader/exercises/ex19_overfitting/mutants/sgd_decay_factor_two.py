"""Uses 2·λ·w as the penalty's gradient, as if the penalty were λ·‖w‖² rather than (λ/2)·‖w‖²."""

EXPECT = "decay_factor_two"


def sgd_step(param, grad, state, lr, momentum=0.0, weight_decay=0.0):
    param, grad = np.asarray(param, dtype=np.float64), np.asarray(grad, dtype=np.float64)
    if param.shape != grad.shape:
        raise ValueError("shapes differ")
    if not isinstance(state, dict):
        raise ValueError("state must be a dict")
    lr, momentum = _non_negative("lr", lr), _non_negative("momentum", momentum)
    weight_decay = _non_negative("weight_decay", weight_decay)
    d = grad + 2 * weight_decay * param
    if momentum == 0.0:
        return param - lr * d, {}
    if "momentum_buffer" in state:
        d = momentum * np.asarray(state["momentum_buffer"], dtype=np.float64) + d
    return param - lr * d, {"momentum_buffer": d}
