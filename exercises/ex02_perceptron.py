"""ex02 · The perceptron (퍼셉트론).

A perceptron classifies a sample x with d features into +1 or −1 with one hyperplane:

    s = w0 + w1·x1 + … + wd·xd = w · x̃        where x̃ = [1, x1, …, xd]   (x augmented with a 1)
    o = τ(s),    τ(s) = +1 if s > 0,  −1 if s ≤ 0                          (step function, τ(0) = −1)

so ``w`` has d + 1 entries and ``w[0]`` is the BIAS: it multiplies the constant input 1. Without
it the hyperplane must pass through the origin, and even AND cannot be learned.

Loss (the perceptron criterion). A sample is MISCLASSIFIED when yᵢ(w · x̃ᵢ) ≤ 0 — it lies on the
wrong side of the hyperplane or exactly ON it. For s ≠ 0 this is the same as τ(s) ≠ y; a point
with s = 0 counts as misclassified whatever its label (so training from w = 0 moves at once).
With I the set of misclassified samples,

    J(w) = Σ_{i ∈ I} −yᵢ (w · x̃ᵢ)   ≥ 0,        ∂J/∂w = Σ_{i ∈ I} −yᵢ x̃ᵢ

and gradient descent w ← w − ρ ∂J/∂w gives the perceptron update

    w ← w + ρ Σ_{i ∈ I} yᵢ x̃ᵢ                   (ρ: the learning rate)

Batch mode sums over every misclassified sample of the training set, then updates once per
epoch. Pattern mode visits the samples one at a time, in a new random order each epoch, and
updates at once after each misclassified one. For linearly separable data both stop with
every sample correctly classified after finitely many updates (the perceptron convergence
theorem).

Labels are −1 and +1 throughout (not 0 and 1).
"""
from __future__ import annotations

import numpy as np


def step(s: np.ndarray) -> np.ndarray:
    """The step activation τ, element-wise: +1 where s > 0, −1 where s ≤ 0 (so τ(0) = −1).

    Args:
        s: a number or an array of any shape.

    Returns:
        int array of the same shape as ``s`` (0-d for a number) holding only −1 and +1.
    """
    raise NotImplementedError("ex02: implement step")


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
    raise NotImplementedError("ex02: implement predict")


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
    raise NotImplementedError("ex02: implement perceptron_loss")


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
    raise NotImplementedError("ex02: implement perceptron_update")


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
    raise NotImplementedError("ex02: implement train_perceptron")
