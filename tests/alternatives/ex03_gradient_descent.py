"""A second implementation of ex03, written from the stub's docstrings alone: the MSE gradient by
PyTorch autograd in float64, the mean square as a dot product, the numerical gradient by walking
np.ndindex over a perturbed copy."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch


def mse(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    a = np.asarray(y_true, dtype=float)
    b = np.asarray(y_pred, dtype=float)
    if a.shape != b.shape:
        raise ValueError("y_true and y_pred must have the same shape")
    if a.size == 0:
        raise ValueError("mse of empty arrays")
    r = (b - a).ravel()
    return float(np.dot(r, r) / r.size)


def _check(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w = np.asarray(w, dtype=float)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or w.ndim != 1 or y.ndim != 1:
        raise ValueError("need X (N, D), w (D,), y (N,)")
    if X.shape[1] != w.shape[0] or X.shape[0] != y.shape[0]:
        raise ValueError(f"shapes do not fit: X {X.shape}, w {w.shape}, y {y.shape}")
    if X.shape[0] == 0:
        raise ValueError("N must be >= 1")
    return w, X, y


def mse_gradients(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    w, X, y = _check(w, X, y)
    tw = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(float(b), dtype=torch.float64, requires_grad=True)
    tX = torch.from_numpy(X.astype(np.float64))
    ty = torch.from_numpy(y.astype(np.float64))
    loss = ((tX @ tw + tb - ty) ** 2).mean()
    loss.backward()
    return tw.grad.numpy().copy(), float(tb.grad.item())


def gd_step(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, lr: float) -> tuple[np.ndarray, float]:
    dw, db = mse_gradients(w, b, X, y)
    return np.asarray(w, dtype=float) - lr * dw, float(b) - lr * db


def fit_linear_regression(X: np.ndarray, y: np.ndarray, lr: float = 0.1, epochs: int = 100,
                          batch_size: int | None = None,
                          rng: np.random.Generator | None = None) -> tuple[np.ndarray, float]:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0] or X.shape[0] < 1:
        raise ValueError("X must be (N, D) and y (N,), N >= 1")
    if not lr > 0:
        raise ValueError("lr must be > 0")
    if epochs < 0:
        raise ValueError("epochs must be >= 0")
    if batch_size is not None and batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    full = batch_size is None or batch_size >= n
    if not full and rng is None:
        rng = np.random.default_rng()
    epoch = 0
    while epoch < epochs:
        if full:
            w, b = gd_step(w, b, X, y, lr)
        else:
            order = rng.permutation(n)
            start = 0
            while start < n:
                sel = order[start:start + batch_size]
                w, b = gd_step(w, b, X[sel], y[sel], lr)
                start += batch_size
        epoch += 1
    return w, float(b)


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    if not eps > 0:
        raise ValueError("eps must be > 0")
    base = np.array(x, dtype=float, copy=True)
    g = np.zeros(base.shape, dtype=float)
    for j in np.ndindex(*base.shape):
        plus = base.copy()
        plus[j] += eps
        minus = base.copy()
        minus[j] -= eps
        g[j] = (f(plus) - f(minus)) / (2 * eps)
    return g
