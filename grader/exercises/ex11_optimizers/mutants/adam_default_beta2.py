"""Adam with the default betas=(0.9, 0.99), a common misremembering of torch.optim.Adam's (0.9, 0.999)."""
import numpy as np

EXPECT = "wrong_default"


def adam_step(param, grad, state, lr, betas=(0.9, 0.99), eps=1e-8):
    param, grad = _check(param, grad, state, lr)
    _non_negative("eps", eps)
    beta1, beta2 = betas
    for i, beta in enumerate((beta1, beta2)):
        if not 0.0 <= beta < 1.0:
            raise ValueError(f"betas[{i}] must be in [0, 1), got {beta}")
    t = int(state.get("step", 0)) + 1
    m = beta1 * _buffer(state, "exp_avg", param) + (1.0 - beta1) * grad
    v = beta2 * _buffer(state, "exp_avg_sq", param) + (1.0 - beta2) * grad * grad
    m_hat = m / (1.0 - beta1**t)
    v_hat = v / (1.0 - beta2**t)
    return param - lr * m_hat / (np.sqrt(v_hat) + eps), {"step": t, "exp_avg": m, "exp_avg_sq": v}
