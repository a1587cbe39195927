"""ex18 · Train / validation / test splits and k-fold cross-validation (데이터 분할과 k-겹 교차 검증).

A model is judged on data it never learned from, so the samples are usually split three ways:

* the training set (훈련 데이터) fits the model's parameters;
* the validation set (검증 데이터) tunes what training does not learn — hyper-parameters such as the
  learning rate, the L2 weight or the number of epochs — and shows whether the model over-fits
  (과적합);
* the test set (테스트 데이터) is looked at ONCE, at the very end, to report how the chosen model does
  on new data. A choice made while looking at the test set makes that report optimistic: the test
  set has leaked into the model (data leakage).

When there are too few samples to set a validation set aside, k-fold cross-validation (k-겹 교차
검증) cuts them into k folds and lets each fold be the validation set once, training on the other
k − 1 folds.

Conventions used throughout:

* Samples are named by their index 0 … n − 1. Every function returns 1-D arrays of indices with an
  integer dtype (np.int64, say). The order of the indices INSIDE one returned array does not
  matter; which index lands in which part does.
* Randomness comes only from the ``numpy.random.Generator`` you are given, and only through the
  shuffles each function states (``rng.permutation``), so the same seed gives the same split. Never
  use ``np.random.*`` or a generator of your own.
* Nothing you are given is modified.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

# BEGIN SOLUTION


def _count(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an int, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def _fraction(name: str, value: Any) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in [0, 1], got {value!r}") from None
    if not 0.0 <= value <= 1.0:  # also rejects NaN
        raise ValueError(f"{name} must lie in [0, 1], got {value}")
    return value


def _cut(order: np.ndarray, val_frac: float, test_frac: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Train, validation and test taken in that order from a shuffled run of indices."""
    n = len(order)
    n_val, n_test = int(val_frac * n), int(test_frac * n)
    n_train = n - n_val - n_test
    return order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:]


def _index_set(name: str, idx: Any) -> set[int]:
    arr = np.asarray(idx)
    if arr.ndim != 1 or (arr.size and arr.dtype.kind not in "iu"):
        raise ValueError(f"{name} must be a 1-D array of integer indices")
    return {int(i) for i in arr}


def _argmin_first(losses: Sequence[float]) -> int:
    best = 0
    for i, loss in enumerate(losses):
        if loss < losses[best]:
            best = i
    return best
# END SOLUTION


def train_val_test_split(n: int, val_frac: float, test_frac: float, rng: np.random.Generator,
                         labels: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split the indices 0 … n − 1 at random into a training, a validation and a test part.

    Sizes: the validation part gets ⌊val_frac · n⌋ samples and the test part ⌊test_frac · n⌋ (the
    floor of the float64 product, as ``int(val_frac * n)`` computes it); the training part gets all
    the others. A 6:2:2 split is val_frac = test_frac = 0.2.

    Shuffle: draw ONE permutation, ``rng.permutation(n)``, and cut it in this order: its first
    entries are the training part, the next ones the validation part, the last ones the test part.

    Stratified split (``labels`` given): each class keeps its share in every part. Every class is
    split on its own by the two rules above: its sizes come from its own count n_c, its shuffle is
    ``rng.permutation(n_c)`` applied to the class's indices in ascending order, and the classes take
    their turn (one draw each, from the same rng) in ascending order of label. Each part is then the
    union of the classes' parts.

    Args:
        n: the number of samples, an int ≥ 0.
        val_frac, test_frac: fractions in [0, 1] with val_frac + test_frac ≤ 1.
        rng: the ``numpy.random.Generator`` to draw the shuffle(s) from.
        labels: optional int array of shape (n,), the class of each sample. Default None: no
            stratification. Not modified.

    Returns:
        (train, val, test): three 1-D integer index arrays, disjoint, that together hold every
        index 0 … n − 1 exactly once.

    Raises:
        ValueError: n not an int (a bool or a float is not one) or negative; a fraction that is not a
            number in [0, 1] (NaN included); val_frac + test_frac > 1; labels not of shape (n,).
    """
    # BEGIN SOLUTION
    n = _count("n", n, 0)
    val_frac, test_frac = _fraction("val_frac", val_frac), _fraction("test_frac", test_frac)
    if val_frac + test_frac > 1.0:
        raise ValueError(f"val_frac + test_frac = {val_frac + test_frac} leaves a negative training part")
    if labels is None:
        return _cut(rng.permutation(n), val_frac, test_frac)
    labels = np.asarray(labels)
    if labels.shape != (n,):
        raise ValueError(f"labels must have shape ({n},), got {labels.shape}")
    parts: tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]] = ([], [], [])
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        for part, chunk in zip(parts, _cut(members[rng.permutation(len(members))], val_frac, test_frac)):
            part.append(chunk)
    train, val, test = (np.concatenate(p).astype(np.int64) if p else np.zeros(0, np.int64) for p in parts)
    return train, val, test
    # END SOLUTION


def kfold_indices(n: int, k: int, rng: np.random.Generator | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """The k folds of k-fold cross-validation, as (train, val) pairs of index arrays.

    The samples — in index order 0 … n − 1, or in the order ``rng.permutation(n)`` when an rng is
    given (one draw) — are cut into k consecutive folds whose sizes differ by at most one, the
    larger folds first: n = 10, k = 4 gives folds of 3, 3, 2 and 2 samples. Pair i has fold i as its
    validation part and the other k − 1 folds together as its training part, so every sample is
    validated exactly once.

    Args:
        n: the number of samples, an int.
        k: the number of folds, an int with 2 ≤ k ≤ n.
        rng: optional ``numpy.random.Generator``. Default None: no shuffle, each fold is a run of
            consecutive indices.

    Returns:
        A list of k tuples (train, val) of 1-D integer index arrays, fold 0 first. In every pair,
        train and val are disjoint and together hold 0 … n − 1.

    Raises:
        ValueError: n or k not an int, k < 2, or k > n.
    """
    # BEGIN SOLUTION
    n = _count("n", n, 0)
    k = _count("k", k, 2)
    if k > n:
        raise ValueError(f"cannot make k = {k} folds of n = {n} samples")
    order = np.arange(n, dtype=np.int64) if rng is None else rng.permutation(n).astype(np.int64)
    folds, start = [], 0
    for i in range(k):
        size = n // k + (1 if i < n % k else 0)
        folds.append(order[start:start + size])
        start += size
    return [(np.concatenate(folds[:i] + folds[i + 1:]), fold) for i, fold in enumerate(folds)]
    # END SOLUTION


def select_by_validation(candidates: Sequence[Any], train: np.ndarray, val: np.ndarray, test: np.ndarray,
                         evaluate: Callable[[Any, np.ndarray, np.ndarray], float]) -> tuple[Any, float, float]:
    """Choose a hyper-parameter on the validation set, then report the chosen model's test loss.

    ``evaluate(candidate, fit_idx, eval_idx)`` trains a model with that hyper-parameter on the samples
    ``fit_idx`` and returns its loss (lower is better) on the samples ``eval_idx``. Use it so that
    the test set plays no part in the choice:

    * every candidate is trained on the training set and scored on the validation set;
    * the best candidate has the lowest validation loss (the first one in ``candidates`` on a tie);
    * only the best one is then scored on the test set (trained on the training set again), once,
      after the choice is made.

    Each call trains a model, so call ``evaluate`` exactly as often as that takes: once per
    candidate on the validation set, then once on the test set.

    Args:
        candidates: the hyper-parameter values to try (numbers or strings), at least one.
        train, val, test: 1-D integer index arrays of the three parts (from
            ``train_val_test_split``, say); no index may be in two of them. Not modified.
        evaluate: the function described above; pass it index arrays (or lists of ints).

    Returns:
        (best, val_loss, test_loss): the chosen candidate as given, and its validation and test
        losses as returned by ``evaluate``.

    Raises:
        ValueError: no candidates, or an index that is in two of the parts.
    """
    # BEGIN SOLUTION
    candidates = list(candidates)
    if not candidates:
        raise ValueError("there must be at least one candidate")
    parts = {name: _index_set(name, idx) for name, idx in (("train", train), ("val", val), ("test", test))}
    for a, b in (("train", "val"), ("train", "test"), ("val", "test")):
        if parts[a] & parts[b]:
            raise ValueError(f"{a} and {b} share indices (e.g. {min(parts[a] & parts[b])}): the parts must be disjoint")
    val_losses = [float(evaluate(c, train, val)) for c in candidates]
    best = _argmin_first(val_losses)
    return candidates[best], val_losses[best], float(evaluate(candidates[best], train, test))
    # END SOLUTION


def cross_validate(candidates: Sequence[Any], n: int, k: int, evaluate: Callable[[Any, np.ndarray, np.ndarray], float],
                   rng: np.random.Generator | None = None) -> tuple[Any, np.ndarray]:
    """Choose a hyper-parameter by k-fold cross-validation.

    The folds are those of ``kfold_indices(n, k, rng)``, made once and shared by every candidate.
    Each candidate is trained on each fold's training part and scored on its validation part
    (``evaluate(candidate, train, val)``, as in ``select_by_validation``: k calls per candidate).
    A candidate's cross-validation loss is the plain mean of its k fold losses; the best candidate
    has the lowest (the first one in ``candidates`` on a tie).

    Args:
        candidates: the hyper-parameter values to try (numbers or strings), at least one.
        n, k: the number of samples and of folds, as in ``kfold_indices``.
        evaluate: ``evaluate(candidate, fit_idx, eval_idx) -> loss``.
        rng: optional ``numpy.random.Generator`` for the folds (default None: unshuffled folds).

    Returns:
        (best, cv_losses): the chosen candidate as given, and a float array of shape
        (len(candidates),) with each candidate's cross-validation loss, in the order given.

    Raises:
        ValueError: no candidates, or what ``kfold_indices`` raises.
    """
    # BEGIN SOLUTION
    candidates = list(candidates)
    if not candidates:
        raise ValueError("there must be at least one candidate")
    folds = kfold_indices(n, k, rng)
    cv_losses = np.array([np.mean([float(evaluate(c, tr, va)) for tr, va in folds]) for c in candidates])
    return candidates[_argmin_first(list(cv_losses))], cv_losses
    # END SOLUTION
