"""A second implementation of ex18, written from the stub's docstrings alone: np.split and
np.array_split for the cuts, set arithmetic for the complements, fold-major cross-validation."""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _three_parts(idx: np.ndarray, val_frac: float, test_frac: float) -> list[np.ndarray]:
    m = len(idx)
    n_val, n_test = math.floor(val_frac * m), math.floor(test_frac * m)
    return np.split(idx, [m - n_val - n_test, m - n_test])


def train_val_test_split(n: int, val_frac: float, test_frac: float, rng: np.random.Generator,
                         labels: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not _is_int(n) or n < 0:
        raise ValueError("n must be an int >= 0")
    for value in (val_frac, test_frac):
        if not isinstance(value, (int, float, np.floating)) or math.isnan(value) or not 0 <= value <= 1:
            raise ValueError("fractions must lie in [0, 1]")
    if val_frac + test_frac > 1:
        raise ValueError("val_frac + test_frac must not exceed 1")
    if labels is None:
        train, val, test = _three_parts(rng.permutation(n), val_frac, test_frac)
        return train, val, test
    labels = np.asarray(labels)
    if labels.shape != (n,):
        raise ValueError("labels must have shape (n,)")
    parts: list[list[int]] = [[], [], []]
    for c in sorted(set(labels.tolist())):
        members = np.array([i for i in range(n) if labels[i] == c], dtype=np.int64)
        for bucket, chunk in zip(parts, _three_parts(rng.permutation(members), val_frac, test_frac)):
            bucket.extend(chunk.tolist())
    train, val, test = (np.array(p, dtype=np.int64) for p in parts)
    return train, val, test


def kfold_indices(n: int, k: int, rng: np.random.Generator | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    if not _is_int(n) or not _is_int(k):
        raise ValueError("n and k must be ints")
    if k < 2 or k > n:
        raise ValueError("need 2 <= k <= n")
    order = np.arange(n) if rng is None else rng.permutation(n)
    everything = np.arange(n)
    return [(np.setdiff1d(everything, val), val) for val in np.array_split(order, k)]


def _first_lowest(losses: Sequence[float]) -> int:
    return min(range(len(losses)), key=lambda i: (losses[i], i))


def select_by_validation(candidates: Sequence[Any], train: np.ndarray, val: np.ndarray, test: np.ndarray,
                         evaluate: Callable[[Any, np.ndarray, np.ndarray], float]) -> tuple[Any, float, float]:
    if len(candidates) == 0:
        raise ValueError("no candidates")
    sets = [set(np.asarray(p).tolist()) for p in (train, val, test)]
    if sets[0] & sets[1] or sets[0] & sets[2] or sets[1] & sets[2]:
        raise ValueError("the parts overlap")
    scores = {i: evaluate(c, train, val) for i, c in enumerate(candidates)}
    best = _first_lowest([scores[i] for i in range(len(candidates))])
    return candidates[best], scores[best], evaluate(candidates[best], train, test)


def cross_validate(candidates: Sequence[Any], n: int, k: int, evaluate: Callable[[Any, np.ndarray, np.ndarray], float],
                   rng: np.random.Generator | None = None) -> tuple[Any, np.ndarray]:
    if len(candidates) == 0:
        raise ValueError("no candidates")
    folds = kfold_indices(n, k, rng)
    totals = np.zeros(len(candidates))
    for train, val in folds:  # fold by fold, every candidate on the same fold
        for i, c in enumerate(candidates):
            totals[i] += evaluate(c, train, val)
    losses = totals / k
    return candidates[_first_lowest(losses.tolist())], losses
