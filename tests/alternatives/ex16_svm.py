"""A second implementation of ex16, written from the stub's docstrings alone: loops over the samples
instead of matrix products, the hinge as (1 − m) where positive, the norm by math.hypot-like sums, the
support vectors gathered in a list."""
from __future__ import annotations

import math

import numpy as np


def _check_labels(y, n: int) -> list[float]:
    arr = np.asarray(y)
    if arr.shape != (n,):
        raise ValueError(f"y must have shape ({n},)")
    out = []
    for v in arr.tolist():
        if isinstance(v, bool) or v not in (1, -1):
            raise ValueError("labels must be -1 or +1")
        out.append(float(v))
    return out


def _check_vector_labels(scores, y) -> tuple[list[float], list[float]]:
    s = np.asarray(scores)
    if s.ndim != 1:
        raise ValueError("scores must be 1-D")
    return [float(v) for v in s.tolist()], _check_labels(y, s.shape[0])


def _check_problem(w, X, y) -> tuple[list[float], list[list[float]], list[float]]:
    Xa = np.asarray(X)
    if Xa.ndim != 2:
        raise ValueError("X must be 2-D")
    wa = np.asarray(w)
    if wa.shape != (Xa.shape[1],):
        raise ValueError("w must have shape (d,)")
    return [float(v) for v in wa.tolist()], [[float(v) for v in row] for row in Xa.tolist()], \
        _check_labels(y, Xa.shape[0])


def _check_positive(value) -> float:
    value = float(value)
    if math.isnan(value) or math.isinf(value) or value <= 0:
        raise ValueError("must be a finite number > 0")
    return value


def _score(w: list[float], x: list[float], b: float) -> float:
    total = 0.0
    for wj, xj in zip(w, x):
        total += wj * xj
    return total + b


def hinge_loss(scores: np.ndarray, y: np.ndarray) -> np.ndarray:
    s, labels = _check_vector_labels(scores, y)
    out = np.empty(len(s))
    for i, (si, yi) in enumerate(zip(s, labels)):
        gap = 1.0 - yi * si
        out[i] = gap if gap > 0 else 0.0
    return out


def hinge_subgradient(scores: np.ndarray, y: np.ndarray) -> np.ndarray:
    s, labels = _check_vector_labels(scores, y)
    return np.array([-yi if yi * si < 1 else 0.0 for si, yi in zip(s, labels)], dtype=np.float64)


def svm_objective(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, C: float = 1.0) -> float:
    wl, Xl, yl = _check_problem(w, X, y)
    C = _check_positive(C)
    slack = 0.0
    for x, yi in zip(Xl, yl):
        slack += max(0.0, 1.0 - yi * _score(wl, x, float(b)))
    return 0.5 * sum(v * v for v in wl) + C * slack


def _grad(wl, b, Xl, yl, C) -> tuple[np.ndarray, float]:
    dw, db = list(wl), 0.0
    for x, yi in zip(Xl, yl):
        if yi * _score(wl, x, b) < 1:
            for j in range(len(dw)):
                dw[j] -= C * yi * x[j]
            db -= C * yi
    return np.array(dw, dtype=np.float64), float(db)


def svm_subgradient(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray,
                    C: float = 1.0) -> tuple[np.ndarray, float]:
    wl, Xl, yl = _check_problem(w, X, y)
    return _grad(wl, float(b), Xl, yl, _check_positive(C))


def svm_step(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, lr: float,
             C: float = 1.0) -> tuple[np.ndarray, float]:
    wl, Xl, yl = _check_problem(w, X, y)
    lr, C = _check_positive(lr), _check_positive(C)
    dw, db = _grad(wl, float(b), Xl, yl, C)
    return np.array(wl) - lr * dw, float(b) - lr * db


def fit_svm(X: np.ndarray, y: np.ndarray, C: float = 1.0, lr: float = 1.0,
            epochs: int = 1000) -> tuple[np.ndarray, float]:
    Xa = np.asarray(X)
    if Xa.ndim != 2:
        raise ValueError("X must be 2-D")
    yl = _check_labels(y, Xa.shape[0])
    C, lr = _check_positive(C), _check_positive(lr)
    if not isinstance(epochs, (int, np.integer)) or isinstance(epochs, bool) or epochs < 1:
        raise ValueError("epochs must be an int >= 1")
    Xl = [[float(v) for v in row] for row in Xa.tolist()]
    w, b = [0.0] * Xa.shape[1], 0.0
    for t in range(1, epochs + 1):
        dw, db = _grad(w, b, Xl, yl, C)
        eta = lr / t
        w = [wj - eta * g for wj, g in zip(w, dw)]
        b -= eta * db
    return np.array(w, dtype=np.float64), float(b)


def margin_width(w: np.ndarray) -> float:
    wa = np.asarray(w, dtype=np.float64)
    if wa.ndim != 1:
        raise ValueError("w must be 1-D")
    norm = math.sqrt(sum(v * v for v in wa.tolist()))
    if norm == 0:
        raise ValueError("w is all zero")
    return 2.0 / norm


def margin_violations(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> int:
    wl, Xl, yl = _check_problem(w, X, y)
    return sum(1 for x, yi in zip(Xl, yl) if yi * _score(wl, x, float(b)) < 1)


def support_vectors(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, tol: float = 1e-6) -> np.ndarray:
    wl, Xl, yl = _check_problem(w, X, y)
    tol = float(tol)
    if math.isnan(tol) or math.isinf(tol) or tol < 0:
        raise ValueError("tol must be a finite number >= 0")
    found = [i for i, (x, yi) in enumerate(zip(Xl, yl)) if yi * _score(wl, x, float(b)) <= 1 + tol]
    return np.array(found, dtype=np.int64)
