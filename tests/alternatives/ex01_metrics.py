"""A second implementation of ex01, written from the stub's docstrings alone: a Python loop over the
(true, predicted) pairs, one-vs-rest counts built per class, the F1 from TP, FP and FN."""
from __future__ import annotations

import numpy as np


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, num_classes: int) -> np.ndarray:
    t = np.asarray(y_true)
    p = np.asarray(y_pred)
    if t.ndim != 1 or p.ndim != 1:
        raise ValueError("y_true and y_pred must be 1-D")
    if len(t) != len(p):
        raise ValueError("y_true and y_pred must have the same length")
    k = int(num_classes)
    if k < 1:
        raise ValueError("num_classes must be >= 1")
    cm = np.zeros((k, k), dtype=np.int64)
    for a, b in zip(t.tolist(), p.tolist()):
        if not (0 <= a < k and 0 <= b < k) or a != int(a) or b != int(b):
            raise ValueError("label outside [0, num_classes)")
        cm[int(a)][int(b)] += 1
    return cm


def _counts(cm: np.ndarray) -> np.ndarray:
    m = np.asarray(cm)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ValueError("cm must be a square 2-D matrix")
    if np.any(m < 0):
        raise ValueError("cm must hold non-negative counts")
    return m


def _ovr(cm: np.ndarray) -> list[tuple[float, float, float, float]]:
    """(TP, FP, FN, TN) per class, one-vs-rest."""
    m = _counts(cm)
    k = m.shape[0]
    total = float(m.sum())
    out = []
    for c in range(k):
        tp = float(m[c, c])
        fn = float(sum(m[c, j] for j in range(k) if j != c))
        fp = float(sum(m[i, c] for i in range(k) if i != c))
        out.append((tp, fp, fn, total - tp - fp - fn))
    return out


def _ratio(num: float, den: float) -> float:
    return num / den if den != 0 else 0.0


def accuracy(cm: np.ndarray) -> float:
    m = _counts(cm)
    total = float(m.sum())
    return _ratio(float(sum(m[i, i] for i in range(m.shape[0]))), total)


def precision(cm: np.ndarray) -> np.ndarray:
    return np.array([_ratio(tp, tp + fp) for tp, fp, _, _ in _ovr(cm)], dtype=float)


def recall(cm: np.ndarray) -> np.ndarray:
    return np.array([_ratio(tp, tp + fn) for tp, _, fn, _ in _ovr(cm)], dtype=float)


def specificity(cm: np.ndarray) -> np.ndarray:
    return np.array([_ratio(tn, tn + fp) for _, fp, _, tn in _ovr(cm)], dtype=float)


def f1_score(cm: np.ndarray) -> np.ndarray:
    return np.array([_ratio(2 * tp, 2 * tp + fp + fn) for tp, fp, fn, _ in _ovr(cm)], dtype=float)
