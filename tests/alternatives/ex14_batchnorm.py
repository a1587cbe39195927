"""A second implementation of ex14, written from the stub's docstrings alone: the backward pass by the
staged computational graph (through x_hat, var and mu in turn, as in the original paper) instead
of the compact formula; the unbiased variance for the running estimate computed on its own."""
from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np


def batchnorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, running_mean: np.ndarray,
                      running_var: np.ndarray, momentum: float = 0.1, eps: float = 1e-5,
                      train: bool = True) -> tuple[np.ndarray, Any, np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"x must be 2-D, got shape {x.shape}")
    n, d = x.shape
    params = []
    for value, name in ((gamma, "gamma"), (beta, "beta"), (running_mean, "running_mean"),
                        (running_var, "running_var")):
        arr = np.asarray(value, dtype=np.float64)
        if arr.shape != (d,):
            raise ValueError(f"{name} must have shape ({d},), got {arr.shape}")
        params.append(arr)
    g, b, rm, rv = params
    if np.any(rv < 0):
        raise ValueError("running_var must be >= 0")
    if not isinstance(momentum, numbers.Real) or not 0 <= momentum <= 1:
        raise ValueError("momentum must lie in [0, 1]")
    if not isinstance(eps, numbers.Real) or math.isnan(float(eps)) or not eps > 0:
        raise ValueError("eps must be > 0")
    if train:
        if n < 2:
            raise ValueError("training mode needs at least 2 samples")
        mu = np.einsum("nd->d", x) / n
        centred = x - mu
        sq = np.einsum("nd,nd->d", centred, centred)
        var = sq / n
        unbiased = sq / (n - 1)
        new_rm = rm + momentum * (mu - rm)
        new_rv = rv + momentum * (unbiased - rv)
    else:
        mu, var = rm.copy(), rv.copy()
        new_rm, new_rv = rm.copy(), rv.copy()
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    out = x_hat * g + b
    cache = {"x": x, "mu": mu, "var": var, "eps": float(eps), "gamma": g, "x_hat": x_hat, "train": bool(train)}
    return out, cache, new_rm, new_rv


def batchnorm_backward(dout: np.ndarray, cache: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    dout = np.asarray(dout, dtype=np.float64)
    x, mu, var, eps = cache["x"], cache["mu"], cache["var"], cache["eps"]
    if dout.shape != x.shape:
        raise ValueError(f"dout {dout.shape} differs from x {x.shape}")
    n = x.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * cache["x_hat"]).sum(axis=0)
    dx_hat = dout * cache["gamma"]
    std = np.sqrt(var + eps)
    if not cache["train"]:
        return dx_hat / std, dgamma, dbeta
    centred = x - mu
    dvar = np.sum(dx_hat * centred, axis=0) * (-0.5) * std ** -3
    dmu = -np.sum(dx_hat, axis=0) / std + dvar * (-2.0) * centred.mean(axis=0)
    dx = dx_hat / std + dvar * 2.0 * centred / n + dmu / n
    return dx, dgamma, dbeta
