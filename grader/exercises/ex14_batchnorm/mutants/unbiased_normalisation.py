"""Normalises with the unbiased variance (ddof=1) instead of the biased batch variance."""
import numpy as np

EXPECT = "unbiased_in_normalisation"


def batchnorm_forward(x, gamma, beta, running_mean, running_var, momentum=0.1, eps=1e-5, train=True):
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError("x must be 2-D")
    n, d = x.shape
    gamma, beta = _vector(gamma, "gamma", d), _vector(beta, "beta", d)
    running_mean, running_var = _vector(running_mean, "running_mean", d), _vector(running_var, "running_var", d)
    if np.any(running_var < 0) or not 0 <= momentum <= 1 or not eps > 0 or (train and n < 2):
        raise ValueError("invalid input")
    if train:
        mu = x.mean(axis=0)
        var = x.var(axis=0, ddof=1)
        new_mean = (1 - momentum) * running_mean + momentum * mu
        new_var = (1 - momentum) * running_var + momentum * x.var(axis=0, ddof=1)
    else:
        mu, var = running_mean, running_var
        new_mean, new_var = running_mean.copy(), running_var.copy()
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    out = gamma * x_hat + beta
    cache = {"x_hat": x_hat, "gamma": gamma, "inv_std": inv_std, "train": bool(train)}
    return out, cache, new_mean, new_var
