"""Momentum in the velocity form v = mu*v + lr*g, p -= v (p -= lr*g + mu*v_prev): equal to torch's
b = mu*b + g, p -= lr*b only while lr stays constant."""
EXPECT = "momentum_other_form"


def momentum_step(param, grad, state, lr, momentum=0.9):
    param, grad = _check(param, grad, state, lr)
    if momentum < 0:
        raise ValueError("momentum must be >= 0")
    v = momentum * _buffer(state, "velocity", param) + lr * grad
    return param - v, {"velocity": v}
