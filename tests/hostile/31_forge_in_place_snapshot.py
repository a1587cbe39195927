# exercise: ex02
# item: extra
# verdict: perceptron_update modifies the caller's w in place and, at import, edits copy._deepcopy_dispatch and replaces numpy.array (for callers in the kit's helpers) so that the copy of the arguments taken after the call shows w as it was; the copier is bound before the import and uses neither, so the in-place test still fails
# expect_score: 26
# max_score_granted: honest
# must_fail: update_leaves_w_unchanged
# expect_message: modified its input array in place
# budget_s: 0
# layers: bubblewrap unshare rlimits
"""Modify an argument in place and forge the copy that would show it.

``perceptron_update`` adds the step to the caller's ``w`` itself (``w += …``) and keeps a copy of
``w`` as it came, by ``id``. At import the file makes every copy of an array that the kit's helpers
take hand back that saved copy instead:

* ``copy._deepcopy_dispatch[numpy.ndarray]``, the table ``copy.deepcopy`` looks in first;
* ``numpy.array``, when the caller is a module named ``helpers_*``;
* ``sys.modules["helpers_core"]``'s own names ``copy`` and ``np`` (when that entry exists).

The argument copy the grader compares with what it sent is taken by a copier bound when the helper
loads, before the student's module, in a private module that no ``sys.modules`` entry names.
"""
from __future__ import annotations

import copy
import sys
import types

import numpy as np

_before: dict[int, np.ndarray] = {}
_real_array = np.array


def _forged(a, memo=None):
    saved = _before.get(id(a))
    return _real_array(saved if saved is not None else a, copy=True)


def _array(obj, *args, **kwargs):
    if sys._getframe(1).f_globals.get("__name__", "").startswith("helpers_") and id(obj) in _before:
        return _forged(obj)
    return _real_array(obj, *args, **kwargs)


copy._deepcopy_dispatch[np.ndarray] = _forged
np.array = _array
_helper = sys.modules.get("helpers_core")
if _helper is not None:
    _helper.np = types.SimpleNamespace(**{**vars(np), "array": _array})
    _helper.copy = types.SimpleNamespace(deepcopy=lambda x, memo=None: [_forged(a) if isinstance(a, np.ndarray) else a
                                                                      for a in x] if isinstance(x, list) else x)



def _augment(X: np.ndarray) -> np.ndarray:
    """X̃ = [1, X]: shape (N, d + 1), the constant 1 first so that it meets w[0]."""
    return np.hstack([np.ones((X.shape[0], 1)), X])


def _check_wX(w: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    w = np.asarray(w, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array of shape (N, d), got shape {X.shape}")
    if w.shape != (X.shape[1] + 1,):
        raise ValueError(f"w must have shape (d + 1,) = ({X.shape[1] + 1},) with w[0] the bias, got {w.shape}")
    return w, X


def _check_y(y: np.ndarray, X: np.ndarray) -> np.ndarray:
    y = np.asarray(y)
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape (N,) = ({X.shape[0]},), got {y.shape}")
    if not np.all((y == 1) | (y == -1)):
        raise ValueError("labels y must be −1 or +1")
    return y.astype(np.float64)


def _misclassified(w: np.ndarray, Xa: np.ndarray, y: np.ndarray) -> np.ndarray:
    return y * (Xa @ w) <= 0


def step(s: np.ndarray) -> np.ndarray:
    """The step activation τ, element-wise: +1 where s > 0, −1 where s ≤ 0 (so τ(0) = −1).

    Args:
        s: a number or an array of any shape.

    Returns:
        int array of the same shape as ``s`` (0-d for a number) holding only −1 and +1.
    """
    return np.where(np.asarray(s) > 0, 1, -1)


def predict(w: np.ndarray, X: np.ndarray) -> np.ndarray:
    """The perceptron's output for each sample: τ(w · x̃ᵢ) with x̃ᵢ = [1, xᵢ].

    Args:
        w: array of shape (d + 1,): w[0] is the bias, w[1:] the weights of the d features.
        X: array of shape (N, d), one sample per row.

    Returns:
        int array of shape (N,) holding −1 and +1.

    Raises:
        ValueError: if X is not 2-D or w does not have shape (d + 1,).
    """
    w, X = _check_wX(w, X)
    return step(_augment(X) @ w)


def perceptron_loss(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """The perceptron criterion J(w) = Σ_{i ∈ I} −yᵢ (w · x̃ᵢ), I = {i : yᵢ (w · x̃ᵢ) ≤ 0}.

    Every term is ≥ 0, so J(w) ≥ 0, and J(w) = 0 exactly when no sample is strictly on the
    wrong side. Samples classified correctly contribute nothing (they are NOT summed with a
    negative sign).

    Args:
        w: array of shape (d + 1,), w[0] the bias.
        X: array of shape (N, d).
        y: array of shape (N,) of labels −1 / +1.

    Returns:
        J(w) as a float (0.0 when nothing is misclassified).

    Raises:
        ValueError: on mismatched shapes or labels other than −1 / +1.
    """
    w, X = _check_wX(w, X)
    y = _check_y(y, X)
    margins = y * (_augment(X) @ w)
    return float(-margins[margins <= 0].sum())


def perceptron_update(w: np.ndarray, X: np.ndarray, y: np.ndarray, lr: float) -> np.ndarray:
    """One batch-mode update: w + lr · Σ_{i ∈ I} yᵢ x̃ᵢ, I = {i : yᵢ (w · x̃ᵢ) ≤ 0}.

    This is one gradient-descent step w − lr · ∂J/∂w on the perceptron criterion. Only the
    misclassified samples move w; with none, w comes back unchanged (as a copy).

    Args:
        w: array of shape (d + 1,), w[0] the bias. NOT modified: a new array is returned.
        X: array of shape (N, d).
        y: array of shape (N,) of labels −1 / +1.
        lr: the learning rate ρ > 0.

    Returns:
        float array of shape (d + 1,), the updated weights.

    Raises:
        ValueError: on mismatched shapes or labels other than −1 / +1.
    """
    _before.clear()
    _before[id(w)] = np.array(w, copy=True)  # for the forged copy below
    checked, X = _check_wX(w, X)
    y = _check_y(y, X)
    Xa = _augment(X)
    wrong = _misclassified(checked, Xa, y)
    w += lr * (y[wrong] @ Xa[wrong])  # the caller's array, modified in place
    return w


def train_perceptron(X: np.ndarray, y: np.ndarray, lr: float = 1.0, epochs: int = 100, mode: str = "batch",
                     rng: np.random.Generator | None = None) -> np.ndarray:
    """Train a perceptron from w = 0 (all d + 1 entries zero).

    * ``mode="batch"``: each epoch, one ``perceptron_update`` over the whole training set.
    * ``mode="pattern"``: each epoch, visit the samples in the order ``rng.permutation(N)`` and
      after each misclassified sample i (yᵢ (w · x̃ᵢ) ≤ 0) update at once: w ← w + lr · yᵢ x̃ᵢ.

    Training stops early after an epoch in which no sample was misclassified, and after
    ``epochs`` epochs at the latest. For linearly separable data and enough epochs, every sample
    ends up correctly classified: ``predict(w, X) == y``.

    Args:
        X: array of shape (N, d), N ≥ 1.
        y: array of shape (N,) of labels −1 / +1.
        lr: learning rate ρ > 0.
        epochs: the most passes over the training set.
        mode: "batch" or "pattern".
        rng: a ``numpy.random.Generator`` for pattern mode's shuffling (a fresh
            ``np.random.default_rng()`` when None); batch mode draws no random numbers.

    Returns:
        float array of shape (d + 1,): the learned weights, w[0] the bias.

    Raises:
        ValueError: on mismatched shapes, labels other than −1 / +1, an unknown mode, lr ≤ 0 or
        epochs < 0.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(f"X must be a 2-D array of shape (N, d) with N ≥ 1, got shape {X.shape}")
    y = _check_y(y, X)
    if mode not in ("batch", "pattern"):
        raise ValueError(f"mode must be 'batch' or 'pattern', got {mode!r}")
    if not lr > 0:
        raise ValueError(f"lr must be positive, got {lr}")
    if epochs < 0:
        raise ValueError(f"epochs must be ≥ 0, got {epochs}")
    rng = np.random.default_rng() if rng is None else rng
    Xa = _augment(X)
    w = np.zeros(Xa.shape[1])
    for _ in range(epochs):
        if mode == "batch":
            if not _misclassified(w, Xa, y).any():
                break
            w = perceptron_update(w, X, y, lr)
        else:
            mistakes = 0
            for i in rng.permutation(len(y)):
                if y[i] * (Xa[i] @ w) <= 0:
                    w = w + lr * y[i] * Xa[i]
                    mistakes += 1
            if mistakes == 0:
                break
    return w
