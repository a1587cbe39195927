"""SGD that adds the gradient (p + lr*g): it climbs the loss instead of descending."""
EXPECT = "sign_flipped"


def sgd_step(param, grad, state, lr):
    param, grad = _check(param, grad, state, lr)
    return param + lr * grad, {}
