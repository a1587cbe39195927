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
    raise NotImplementedError("ex16: implement hinge_loss")


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
    raise NotImplementedError("ex16: implement hinge_subgradient")


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
    raise NotImplementedError("ex16: implement svm_objective")


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
    raise NotImplementedError("ex16: implement svm_subgradient")


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
    raise NotImplementedError("ex16: implement svm_step")


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
    raise NotImplementedError("ex16: implement fit_svm")


def margin_width(w: np.ndarray) -> float:
    """The width of the margin, 2 / ‖w‖: the distance between w · x + b = +1 and w · x + b = −1.

    Args:
        w: float array of shape (d,), not all zero. Not modified.

    Returns:
        The width as a Python float.

    Raises:
        ValueError: w not 1-D, or all zero (no hyperplane, an infinite margin).
    """
    raise NotImplementedError("ex16: implement margin_width")


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
    raise NotImplementedError("ex16: implement margin_violations")


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
    raise NotImplementedError("ex16: implement support_vectors")
