"""Simplified backward: dx = dout · gamma / std, as if the batch mean and variance were constants."""
import numpy as np

EXPECT = "backward_missing_terms"


def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache["x_hat"], cache["gamma"], cache["inv_std"]
    dout = np.asarray(dout, dtype=np.float64)
    if dout.shape != x_hat.shape:
        raise ValueError("dout must have the shape of x")
    return dout * gamma * inv_std, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
