"""ex05 · Softmax and cross-entropy (소프트맥스와 교차 엔트로피).

The output layer of a classifier (다중 분류) turns C scores ("logits", 소프트맥스에 입력되는 값)
into probabilities and is trained with the cross-entropy loss.

    softmax(z)_k     = exp(z_k) / Σ_j exp(z_j)                      (each row sums to 1)
    log_softmax(z)_k = z_k − log Σ_j exp(z_j)
    cross_entropy    = −(1/N) Σ_i log_softmax(logits_i)[y_i]        (y: integer labels)
    ∂CE/∂logits      = (softmax(logits) − one_hot(y)) / N
    binary CE        = −(1/M) Σ [ y log p + (1 − y) log(1 − p) ]     (p: M probabilities, e.g. from a sigmoid)

Numerical stability (수치 안정성) is the point of this exercise:

* exp overflows for z > 709 (inf, then inf/inf = nan) and underflows to 0 for z < −745. Softmax does
  not change when the same constant is added to every entry (shift invariance), so subtract the
  max first: softmax(z) = softmax(z − max(z)). The largest exponent is then exp(0) = 1, and the sum
  is ≥ 1.
* log(softmax(z)) is −inf as soon as one probability underflows to 0 (a gap of ~745 between
  logits), although the true value, e.g. −2e4, is finite. Compute log_softmax directly:
  (z − m) − log Σ exp(z − m) with m = max(z) (the log-sum-exp trick).
* binary cross-entropy on probabilities: log(0) = −inf. Clip p to [eps, 1 − eps] first.
  (PyTorch's ``F.binary_cross_entropy`` instead clamps each log at −100, so at p = 0 or 1 it reports
  100 where this clipping gives −log(eps) ≈ 27.6 for eps = 1e-12; for p in [eps, 1 − eps] they agree.)

A correct implementation gives finite values and no RuntimeWarning for logits as large as ±1e4.

Conventions: logits have shape (N, C) (one row per sample) unless an ``axis`` says otherwise;
labels are integers in [0, C); results are float64; "mean" is over the batch. Note that the
course notes' "BCELoss는 SoftMax를 거친 후 …" is not how it works: BCE takes probabilities from a
sigmoid (one per output), cross-entropy takes raw logits and applies (log-)softmax itself.
"""
from __future__ import annotations

import numpy as np


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis``: exp(z) / sum(exp(z)), computed stably.

    Subtract the max along ``axis`` (keepdims=True) before exp; the result is the same and nothing
    overflows. Normalise along the SAME axis, with keepdims=True so the sum broadcasts.

    Args:
        z: float array of any shape with at least one dimension, e.g. logits of shape (N, C).
        axis: the axis that holds the classes (default: the last).

    Returns:
        float64 array of z's shape, entries in [0, 1], summing to 1 along ``axis``.
        Finite for finite z, however large (±1e4 included).

    Raises:
        ValueError: if z is a scalar, ``axis`` is out of range, or z has no entries along ``axis``.
    """
    raise NotImplementedError("ex05: implement softmax")


def log_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """log(softmax(z)) along ``axis``, computed WITHOUT taking the log of softmax.

    With m = max(z) along axis:  log_softmax(z) = (z − m) − log Σ exp(z − m)  (log-sum-exp).
    For z = [0, −1e4] this is [0, −1e4]; log(softmax(z)) would give [0, −inf].

    Args:
        z: float array of any shape with at least one dimension.
        axis: the axis that holds the classes (default: the last).

    Returns:
        float64 array of z's shape, entries ≤ 0, finite for finite z.

    Raises:
        ValueError: as for ``softmax``.
    """
    raise NotImplementedError("ex05: implement log_softmax")


def one_hot(y: np.ndarray, num_classes: int) -> np.ndarray:
    """One-hot encoding (원핫 인코딩): row i has a 1 in column y[i] and 0 elsewhere.

    Example: one_hot([0, 2], 3) = [[1, 0, 0], [0, 0, 1]].

    Args:
        y: int array of shape (N,), labels in [0, num_classes). N = 0 gives shape (0, K).
        num_classes: K ≥ 1.

    Returns:
        float64 array of shape (N, K) — one ROW per sample (not (K, N)).

    Raises:
        ValueError: if y is not 1-D, not integer, K < 1, or a label lies outside [0, K).
    """
    raise NotImplementedError("ex05: implement one_hot")


def cross_entropy(logits: np.ndarray, y: np.ndarray) -> float:
    """Mean softmax cross-entropy of a batch, as ``torch.nn.functional.cross_entropy``.

    loss = −(1/N) Σ_i log_softmax(logits)[i, y[i]]. Use ``log_softmax``, not log(softmax): the loss
    must stay finite for logits of ±1e4 (a wrong class scored 2e4 above the right one costs 2e4).

    Args:
        logits: float array of shape (N, C), N ≥ 1, raw scores (not probabilities).
        y: int array of shape (N,), labels in [0, C).

    Returns:
        The batch MEAN as a Python float (not the sum).

    Raises:
        ValueError: if logits is not 2-D or empty, y's length differs from N, or a label is outside [0, C).
    """
    raise NotImplementedError("ex05: implement cross_entropy")


def cross_entropy_grad(logits: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of ``cross_entropy(logits, y)`` with respect to the logits.

    ∂loss/∂logits = (softmax(logits) − one_hot(y)) / N. The 1/N is there because the loss is a
    mean; each row of the gradient sums to 0.

    Args:
        logits: float array of shape (N, C), N ≥ 1.
        y: int array of shape (N,), labels in [0, C).

    Returns:
        float64 array of shape (N, C).

    Raises:
        ValueError: as for ``cross_entropy``.
    """
    raise NotImplementedError("ex05: implement cross_entropy_grad")


def binary_cross_entropy(p: np.ndarray, y: np.ndarray, eps: float = 1e-12) -> float:
    """Mean binary cross-entropy of probabilities ``p`` against targets ``y``.

    p is clipped to [eps, 1 − eps] first, so p = 0 or p = 1 give a large but finite loss
    (−log(eps) ≈ 27.6 per entry for eps = 1e-12) instead of inf or nan:

        loss = −mean( y · log(p_c) + (1 − y) · log(1 − p_c) ),   p_c = clip(p, eps, 1 − eps)

    Args:
        p: float array of any shape, probabilities in [0, 1] (e.g. sigmoid outputs).
        y: array of the same shape, targets in [0, 1] (usually 0 or 1).
        eps: clipping bound, 0 < eps < 0.5.

    Returns:
        The mean over all entries as a Python float.

    Raises:
        ValueError: if the shapes differ, the arrays are empty, p or y leave [0, 1], or eps is not in (0, 0.5).
    """
    raise NotImplementedError("ex05: implement binary_cross_entropy")
