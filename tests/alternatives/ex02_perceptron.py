"""A second implementation of ex02, written from the stub's docstrings alone: explicit per-sample loops
for the scores, the loss and the batch update, the step as 2·[s > 0] − 1."""
from __future__ import annotations

import numpy as np


def step(s: np.ndarray) -> np.ndarray:
    a = np.asarray(s)
    return (2 * (a > 0).astype(np.int64) - 1).astype(np.int64)


def _check_wx(w: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    w = np.asarray(w, dtype=float)
    if X.ndim != 2:
        raise ValueError("X must be 2-D")
    if w.shape != (X.shape[1] + 1,):
        raise ValueError("w must have shape (d + 1,)")
    return w, X


def _check_y(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    y = np.asarray(y)
    if y.shape != (X.shape[0],):
        raise ValueError("y must have shape (N,)")
    for v in y.tolist():
        if v not in (-1, 1):
            raise ValueError("labels must be -1 or +1")
    return y.astype(float)


def _score(w: np.ndarray, x: np.ndarray) -> float:
    s = float(w[0])
    for j in range(len(x)):
        s += float(w[j + 1]) * float(x[j])
    return s


def predict(w: np.ndarray, X: np.ndarray) -> np.ndarray:
    w, X = _check_wx(w, X)
    scores = np.array([_score(w, X[i]) for i in range(X.shape[0])], dtype=float)
    return step(scores).reshape(X.shape[0])


def perceptron_loss(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    w, X = _check_wx(w, X)
    y = _check_y(X, y)
    total = 0.0
    for i in range(X.shape[0]):
        m = y[i] * _score(w, X[i])
        if m <= 0:
            total -= m
    return float(total)


def perceptron_update(w: np.ndarray, X: np.ndarray, y: np.ndarray, lr: float) -> np.ndarray:
    w, X = _check_wx(w, X)
    y = _check_y(X, y)
    delta = np.zeros_like(w)
    for i in range(X.shape[0]):
        if y[i] * _score(w, X[i]) <= 0:
            delta[0] += y[i]
            delta[1:] += y[i] * X[i]
    return w + lr * delta


def train_perceptron(X: np.ndarray, y: np.ndarray, lr: float = 1.0, epochs: int = 100, mode: str = "batch",
                     rng: np.random.Generator | None = None) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] < 1:
        raise ValueError("X must be 2-D with N >= 1")
    y = _check_y(X, y)
    if mode not in ("batch", "pattern"):
        raise ValueError("mode must be 'batch' or 'pattern'")
    if not lr > 0:
        raise ValueError("lr must be > 0")
    if epochs < 0:
        raise ValueError("epochs must be >= 0")
    n, d = X.shape
    w = np.zeros(d + 1, dtype=float)
    if mode == "pattern" and rng is None:
        rng = np.random.default_rng()
    for _ in range(epochs):
        if mode == "batch":
            wrong = any(y[i] * _score(w, X[i]) <= 0 for i in range(n))
            if not wrong:
                break
            w = perceptron_update(w, X, y, lr)
        else:
            wrong = False
            for i in rng.permutation(n):
                if y[i] * _score(w, X[i]) <= 0:
                    wrong = True
                    w[0] += lr * y[i]
                    w[1:] += lr * y[i] * X[i]
            if not wrong:
                break
    return w
