"""Adam without bias correction: m and v are used as they are, so the first steps are far too small."""
import numpy as np

EXPECT = "adam_no_bias_correction"


def adam_step(param, grad, state, lr, betas=(0.9, 0.999), eps=1e-8):
    param, grad = _check(param, grad, state, lr)
    beta1, beta2 = betas
    m = beta1 * _buffer(state, "exp_avg", param) + (1.0 - beta1) * grad
    v = beta2 * _buffer(state, "exp_avg_sq", param) + (1.0 - beta2) * grad * grad
    return param - lr * m / (np.sqrt(v) + eps), {"exp_avg": m, "exp_avg_sq": v}
