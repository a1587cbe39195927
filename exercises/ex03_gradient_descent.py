"""ex03 · Gradient descent for linear regression (경사 하강법).

Linear regression predicts ŷ = X w + b for N samples with D features each, and measures the fit
with the mean squared error (평균 제곱 오차)

    L(w, b) = (1/N) Σᵢ (ŷᵢ − yᵢ)² = mean((X w + b − y)²)

With the residual r = X w + b − y (shape (N,)) its gradient is

    ∂L/∂w = (2/N) Xᵀ r        shape (D,)       (the factor 2 from the square, 1/N from the mean)
    ∂L/∂b = (2/N) Σᵢ rᵢ       a number

Gradient descent moves AGAINST the gradient, by the learning rate lr (ρ, η in the notes):

    w ← w − lr · ∂L/∂w,       b ← b − lr · ∂L/∂b

Full-batch gradient descent uses all N samples for every step (one step per epoch). Mini-batch
(stochastic) gradient descent shuffles the samples at the start of every epoch and takes one
step per batch of ``batch_size`` samples, the mean in L being over that batch only.

Checking a gradient: the central difference

    ∂f/∂xⱼ ≈ (f(x + ε eⱼ) − f(x − ε eⱼ)) / (2ε)

has an error of order ε² (the forward difference (f(x + ε eⱼ) − f(x)) / ε only of order ε), so
with ε = 1e-5 it agrees with an exact gradient to about 1e-10 for smooth f of moderate size.

Precision: convert the inputs to float64 and compute in float64. float32 keeps only about 7
significant digits: mse([10000.001], [10000.0]) would come out 5 % off.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np


def mse(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean squared error (1/N) Σ (y_predᵢ − y_trueᵢ)².

    Args:
        y_true, y_pred: arrays of the same shape (any shape), at least one entry.

    Returns:
        the mean over all entries, as a float (≥ 0).

    Raises:
        ValueError: if the shapes differ or the arrays are empty.
    """
    raise NotImplementedError("ex03: implement mse")


def mse_gradients(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Gradient of L(w, b) = mean((X w + b − y)²) with respect to w and b.

    Args:
        w: array of shape (D,).
        b: the bias, a number.
        X: array of shape (N, D), N ≥ 1.
        y: array of shape (N,).

    Returns:
        (dw, db): dw = (2/N) Xᵀ r, an array of shape (D,), and db = (2/N) Σ r, a float,
        with r = X w + b − y.

    Raises:
        ValueError: on shapes that do not fit together, or N = 0.
    """
    raise NotImplementedError("ex03: implement mse_gradients")


def gd_step(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, lr: float) -> tuple[np.ndarray, float]:
    """One gradient-descent step on the MSE: (w − lr · dw, b − lr · db).

    Args:
        w: array of shape (D,). NOT modified: a new array is returned.
        b: the bias, a number.
        X: array of shape (N, D); y: array of shape (N,).
        lr: the learning rate (> 0).

    Returns:
        (new_w, new_b): an array of shape (D,) and a float.
    """
    raise NotImplementedError("ex03: implement gd_step")


def fit_linear_regression(X: np.ndarray, y: np.ndarray, lr: float = 0.1, epochs: int = 100,
                          batch_size: int | None = None,
                          rng: np.random.Generator | None = None) -> tuple[np.ndarray, float]:
    """Fit w and b by gradient descent on the MSE, starting from w = 0, b = 0.

    * ``batch_size=None`` (or ≥ N): full batch — one ``gd_step`` on all N samples per epoch.
    * otherwise mini-batches: at the start of EVERY epoch draw a new order
      ``idx = rng.permutation(N)``, then take one ``gd_step`` on each consecutive slice
      ``idx[k : k + batch_size]`` (the last batch may be smaller), so ⌈N / batch_size⌉ steps per
      epoch.

    Args:
        X: array of shape (N, D), N ≥ 1; y: array of shape (N,).
        lr: the learning rate (> 0).
        epochs: the number of passes over the data (≥ 0).
        batch_size: samples per step, ≥ 1, or None for full batch.
        rng: a ``numpy.random.Generator`` for the shuffling (a fresh ``np.random.default_rng()``
            when None); full batch draws no random numbers.

    Returns:
        (w, b): an array of shape (D,) and a float.

    Raises:
        ValueError: on mismatched shapes, lr ≤ 0, epochs < 0 or batch_size < 1.
    """
    raise NotImplementedError("ex03: implement fit_linear_regression")


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Central-difference estimate of the gradient of a scalar function f at x.

    For every entry j of x (any shape):  g[j] = (f(x + ε eⱼ) − f(x − ε eⱼ)) / (2ε).

    Args:
        f: takes an array shaped like x and returns a number.
        x: float array of any shape. Must come back unchanged: perturb a copy, or put every
            entry back before moving on to the next.
        eps: the step ε > 0.

    Returns:
        float array of the same shape as x.

    Raises:
        ValueError: if eps ≤ 0.
    """
    raise NotImplementedError("ex03: implement numerical_gradient")
