"""dgamma and dbeta not summed over the batch: returned per sample, shape (N, D)."""
import numpy as np

EXPECT = "param_grads_not_summed"


def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache["x_hat"], cache["gamma"], cache["inv_std"]
    dout = np.asarray(dout, dtype=np.float64)
    if dout.shape != x_hat.shape:
        raise ValueError("dout must have the shape of x")
    n = dout.shape[0]
    dx_hat = dout * gamma
    dx = inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))
    if not cache["train"]:
        dx = dx_hat * inv_std
    return dx, dout * x_hat, dout
