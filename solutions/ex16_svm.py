"""ex16 · The support vector machine (서포트 벡터 머신): hinge loss, margin, C.

A linear SVM classifies a sample x with d features by the sign of its score f(x) = w · x + b. Of all
the hyperplanes w · x + b = 0 that separate the classes, it picks the one with the widest MARGIN
(마진, the course notes' 여백): maximising the margin is what improves generalisation.

Labels are −1 and +1 throughout (not 0 and 1: map 0/1 labels with 2·y − 1 first). For a sample
(xᵢ, yᵢ) the product mᵢ = yᵢ·f(xᵢ) is positive when xᵢ is on its own side of the hyperplane.

The margin. Scale w and b so that the samples closest to the hyperplane have |f(x)| = 1; the two
hyperplanes w · x + b = +1 and w · x + b = −1 then bound a band of width

    margin = 2 / ‖w‖                                 (‖·‖ the Euclidean norm)

so a small ‖w‖ means a wide margin.

The hinge loss (힌지 손실) of a sample with score s and label y is

    ℓ(s, y) = max(0, 1 − y·s)

zero when the sample lies on the right side and outside the band (y·s ≥ 1), and growing linearly
the further it lies inside the band or on the wrong side: a MARGIN VIOLATION (y·s < 1).

The soft-margin objective (this exercise's convention, exactly):

    J(w, b) = 0.5·‖w‖² + C · Σᵢ max(0, 1 − yᵢ(w · xᵢ + b))

a SUM over the samples (not a mean). Only w is regularised (규제): the bias b is NOT in the penalty,
because moving the hyperplane parallel to itself does not change the margin. C > 0 sets the
trade-off: a large C punishes every violation hard — few violations, a narrow margin, higher training
accuracy but poorer generalisation; a small C accepts more violations for a wider margin.

The subgradient. ℓ has a kink at y·s = 1, where it has no derivative; we use a SUBGRADIENT, and at
the kink we take the derivative of the flat side, 0 (as PyTorch's relu, whose derivative at 0 is
0). So ∂ℓ/∂s = −y where y·s < 1, and 0 where y·s ≥ 1, and

    ∂J/∂w = w − C · Σ_{i: mᵢ < 1} yᵢ xᵢ,        ∂J/∂b = −C · Σ_{i: mᵢ < 1} yᵢ

Support vectors (서포트 벡터) are the samples that fix the solution: those on the margin or inside
it (or on the wrong side), mᵢ ≤ 1. Moving any other sample (as long as it stays outside the band)
leaves the solution as it is.

Conventions: arrays are numpy arrays; floats are float64; nothing you are given is modified (return
new arrays). ``X`` has shape (N, d) (one sample per row), ``w`` shape (d,), ``b`` is a float, ``y``
shape (N,) of −1 and +1 (ints or floats equal to ±1).
"""
from __future__ import annotations

import numpy as np

# BEGIN SOLUTION


def _labels(y: np.ndarray, n: int | None = None) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim != 1 or (n is not None and y.shape != (n,)):
        raise ValueError(f"y must have shape (N,){'' if n is None else f' = ({n},)'}, got {y.shape}")
    if y.dtype.kind not in "biuf" or not np.all((y == 1) | (y == -1)):
        raise ValueError("labels y must be -1 or +1 (map 0/1 labels with 2*y - 1)")
    return y.astype(np.float64)


def _scores_labels(scores: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim != 1:
        raise ValueError(f"scores must have shape (N,), got {scores.shape}")
    return scores, _labels(y, scores.shape[0])


def _problem(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, np.ndarray,
                                                                              np.ndarray]:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (N, d), got {X.shape}")
    w = np.asarray(w, dtype=np.float64)
    if w.shape != (X.shape[1],):
        raise ValueError(f"w must have shape (d,) = ({X.shape[1]},), got {w.shape}")
    return w, float(b), X, _labels(y, X.shape[0])


def _positive(name: str, value: float) -> float:
    value = float(value)
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return value


def _margins(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    return y * (X @ w + b)


def _subgradient(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, C: float) -> tuple[np.ndarray, float]:
    coef = np.where(_margins(w, b, X, y) < 1, -y, 0.0)  # ∂ℓ/∂s per sample, 0 at the kink
    return w + C * (coef @ X), float(C * coef.sum())
# END SOLUTION


def hinge_loss(scores: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The hinge loss of each sample: max(0, 1 − y·s).

    Args:
        scores: array of shape (N,), the scores s = w · x + b (floats; ints are accepted and give a
            float64 result too). Not modified.
        y: array of shape (N,) of −1 and +1. Not modified.

    Returns:
        A new float64 array of shape (N,), every entry ≥ 0.

    Raises:
        ValueError: scores or y not 1-D, or of different shapes (also shapes numpy would broadcast,
            such as (3,) against (1,)); a label that is not −1 or +1 (0/1 labels included).
    """
    # BEGIN SOLUTION
    scores, y = _scores_labels(scores, y)
    return np.maximum(0.0, 1.0 - y * scores)
    # END SOLUTION


def hinge_subgradient(scores: np.ndarray, y: np.ndarray) -> np.ndarray:
    """A subgradient of the hinge loss with respect to the score, sample by sample.

    ∂ℓ/∂s = −y where y·s < 1 (a margin violation), and 0 where y·s ≥ 1. At the kink, y·s = 1
    exactly, it is 0 (the derivative of the flat side, as PyTorch's relu has derivative 0 at 0).

    Args:
        scores: array of shape (N,), as in ``hinge_loss``. Not modified.
        y: array of shape (N,) of −1 and +1. Not modified.

    Returns:
        A new float64 array of shape (N,) holding −1, 0 and +1.

    Raises:
        ValueError: as ``hinge_loss``.
    """
    # BEGIN SOLUTION
    scores, y = _scores_labels(scores, y)
    return np.where(y * scores < 1, -y, 0.0)
    # END SOLUTION


def svm_objective(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, C: float = 1.0) -> float:
    """The soft-margin objective J(w, b) = 0.5·‖w‖² + C · Σᵢ max(0, 1 − yᵢ(w · xᵢ + b)).

    A sum over the samples, not a mean; b is not regularised (it is not in 0.5·‖w‖²).

    Args:
        w: float array of shape (d,), the weights. Not modified.
        b: the bias, a float.
        X: float array of shape (N, d), one sample per row. Not modified.
        y: array of shape (N,) of −1 and +1. Not modified.
        C: the weight of the violations, a finite float > 0 (default 1.0).

    Returns:
        J as a Python float.

    Raises:
        ValueError: X not 2-D; w not of shape (d,); y not of shape (N,); a label that is not −1 or +1;
            C not a finite number > 0.
    """
    # BEGIN SOLUTION
    w, b, X, y = _problem(w, b, X, y)
    C = _positive("C", C)
    return float(0.5 * w @ w + C * np.maximum(0.0, 1.0 - _margins(w, b, X, y)).sum())
    # END SOLUTION


def svm_subgradient(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray,
                    C: float = 1.0) -> tuple[np.ndarray, float]:
    """A subgradient (∂J/∂w, ∂J/∂b) of ``svm_objective`` at (w, b).

    ∂J/∂w = w − C · Σ_{i: mᵢ < 1} yᵢ xᵢ and ∂J/∂b = −C · Σ_{i: mᵢ < 1} yᵢ, with mᵢ = yᵢ(w · xᵢ + b):
    a sample exactly on the margin (mᵢ = 1) contributes 0, as in ``hinge_subgradient``. Away from
    the kinks this is the gradient (what autograd gives; at a kink too, with the hinge written as
    ``torch.relu(1 − m)``).

    Args:
        w, b, X, y, C: as ``svm_objective`` (C default 1.0). Not modified.

    Returns:
        (dw, db): a new float64 array of shape (d,) and a Python float.

    Raises:
        ValueError: as ``svm_objective``.
    """
    # BEGIN SOLUTION
    w, b, X, y = _problem(w, b, X, y)
    return _subgradient(w, b, X, y, _positive("C", C))
    # END SOLUTION


def svm_step(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, lr: float,
             C: float = 1.0) -> tuple[np.ndarray, float]:
    """One subgradient step on the objective: (w, b) ← (w − lr·∂J/∂w, b − lr·∂J/∂b).

    The subgradient is the one of ``svm_subgradient``, taken at the given (w, b) over all N samples
    (one full-batch step, as ``torch.optim.SGD(lr=lr)`` on J would take it).

    Args:
        w, b, X, y, C: as ``svm_objective`` (C default 1.0). Not modified.
        lr: the step size, a finite float > 0.

    Returns:
        (new_w, new_b): a new float64 array of shape (d,) and a Python float.

    Raises:
        ValueError: as ``svm_objective``; lr not a finite number > 0.
    """
    # BEGIN SOLUTION
    w, b, X, y = _problem(w, b, X, y)
    lr, C = _positive("lr", lr), _positive("C", C)
    dw, db = _subgradient(w, b, X, y, C)
    return w - lr * dw, b - lr * db
    # END SOLUTION


def fit_svm(X: np.ndarray, y: np.ndarray, C: float = 1.0, lr: float = 1.0,
            epochs: int = 1000) -> tuple[np.ndarray, float]:
    """Train a linear SVM by full-batch subgradient descent on ``svm_objective``.

    Start from w = 0 (float64, shape (d,)) and b = 0.0; then for t = 1, 2, …, ``epochs`` take one
    ``svm_step`` with the step size lr / t (a step that shrinks as 1/t: a subgradient step need not
    lower J, and a constant step would keep jumping across the kinks). Return the last (w, b).

    The result is fixed by these rules: no randomness, no early stop, no averaging.

    Args:
        X: float array of shape (N, d). Not modified.
        y: array of shape (N,) of −1 and +1. Not modified.
        C: as ``svm_objective``, a finite float > 0 (default 1.0).
        lr: the step size of the first step, a finite float > 0 (default 1.0).
        epochs: the number of steps, an int ≥ 1 (default 1000).

    Returns:
        (w, b): a new float64 array of shape (d,) and a Python float.

    Raises:
        ValueError: X not 2-D; y not of shape (N,); a label that is not −1 or +1; C or lr not a finite
            number > 0; epochs not an int or < 1.
    """
    # BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (N, d), got {X.shape}")
    y = _labels(y, X.shape[0])
    C, lr = _positive("C", C), _positive("lr", lr)
    if isinstance(epochs, (bool, np.bool_)) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"epochs must be an int >= 1, got {epochs!r}")
    w, b = np.zeros(X.shape[1]), 0.0
    for t in range(1, int(epochs) + 1):
        dw, db = _subgradient(w, b, X, y, C)
        w, b = w - (lr / t) * dw, b - (lr / t) * db
    return w, float(b)
    # END SOLUTION


def margin_width(w: np.ndarray) -> float:
    """The width of the margin, 2 / ‖w‖: the distance between w · x + b = +1 and w · x + b = −1.

    Args:
        w: float array of shape (d,), not all zero. Not modified.

    Returns:
        The width as a Python float.

    Raises:
        ValueError: w not 1-D, or all zero (no hyperplane, an infinite margin).
    """
    # BEGIN SOLUTION
    w = np.asarray(w, dtype=np.float64)
    if w.ndim != 1:
        raise ValueError(f"w must have shape (d,), got {w.shape}")
    norm = float(np.linalg.norm(w))
    if norm == 0.0:
        raise ValueError("w is all zero: there is no hyperplane and no margin")
    return 2.0 / norm
    # END SOLUTION


def margin_violations(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> int:
    """How many samples violate the margin: yᵢ(w · xᵢ + b) < 1, those with a positive hinge loss.

    Samples inside the band and samples on the wrong side both count; a sample exactly on the margin
    (mᵢ = 1) does not. No tolerance.

    Args:
        w, b, X, y: as ``svm_objective``. Not modified.

    Returns:
        The count, a Python int.

    Raises:
        ValueError: X not 2-D; w not of shape (d,); y not of shape (N,); a label that is not −1 or +1.
    """
    # BEGIN SOLUTION
    w, b, X, y = _problem(w, b, X, y)
    return int(np.count_nonzero(_margins(w, b, X, y) < 1))
    # END SOLUTION


def support_vectors(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, tol: float = 1e-6) -> np.ndarray:
    """The indices of the support vectors: the samples with yᵢ(w · xᵢ + b) ≤ 1 + tol.

    Those on the margin (mᵢ = 1, up to ``tol`` above it, for round-off), inside it (0 < mᵢ < 1) and on
    the wrong side (mᵢ ≤ 0) all count.

    Args:
        w, b, X, y: as ``svm_objective``. Not modified.
        tol: how far above 1 a margin may lie and still count, a float ≥ 0 (default 1e-6).

    Returns:
        A new int64 array of the indices, in increasing order (empty if there are none).

    Raises:
        ValueError: X not 2-D; w not of shape (d,); y not of shape (N,); a label that is not −1 or +1;
            tol negative or not finite.
    """
    # BEGIN SOLUTION
    w, b, X, y = _problem(w, b, X, y)
    tol = float(tol)
    if not (np.isfinite(tol) and tol >= 0):
        raise ValueError(f"tol must be a finite number >= 0, got {tol}")
    return np.flatnonzero(_margins(w, b, X, y) <= 1 + tol).astype(np.int64)
    # END SOLUTION
