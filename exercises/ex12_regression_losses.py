"""ex12 · Regression losses, penalties, ridge and logistic regression (회귀 손실 함수와 규제).

Losses compare predictions ŷ with targets y, both arrays of the same shape (any shape, N entries
in all), and return one Python float — the MEAN over all entries, as PyTorch's default
reduction='mean':

    mse(ŷ, y)  = (1/N) Σ (ŷ − y)²          평균 제곱 오차      (torch.nn.functional.mse_loss)
    rmse(ŷ, y) = √mse(ŷ, y)                 평균 제곱근 오차    (in the units of y)
    mae(ŷ, y)  = (1/N) Σ |ŷ − y|            평균 절대 오차      (torch.nn.functional.l1_loss)

(The course notes write the least-squares loss as J = 1/(2m) Σ (h(x) − y)²: the ½ only makes the
gradient neater. mse here has no ½, like torch.)

Penalties (규제 항) measure the size of a weight array w of any shape — a plain SUM, no ½, no mean,
returned as a Python float (integer w included):

    l1_penalty(w) = Σ |w|        l2_penalty(w) = Σ w²   (= ‖w‖², the squared Euclidean norm)

Ridge regression (릿지 회귀) minimises J(w) = ‖Xw − y‖² + λ‖w‖² (sum of squares plus λ times
l2_penalty). Setting ∇J = 2Xᵀ(Xw − y) + 2λw = 0 gives the closed form

    w = (XᵀX + λI)⁻¹ Xᵀy        X: (N, D), y: (N,), w: (D,), I the D×D identity.

There is no bias term, and ``ridge_closed_form`` uses X and y exactly as given: it does NOT centre
them. To fit a model with an intercept, the caller centres X and y first (subtracts their column
means); the intercept is then mean(y) − mean(X)·w, and it is not penalised.
λ is added to the DIAGONAL only. Solve the linear system (np.linalg.solve) rather than inverting.
The result is float64 whatever the inputs' dtype (float32 and integer X, y included).

Logistic regression (로지스틱 회귀) for labels y ∈ {0, 1}: p = σ(Xw + b) is the predicted
probability of class 1, and training minimises the mean binary cross-entropy (이진 교차 엔트로피)

    L(w, b) = −(1/N) Σ [ yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ) ],
    ∂L/∂w = (1/N) Xᵀ(p − y),    ∂L/∂b = (1/N) Σ (pᵢ − yᵢ).

``fit_logistic_regression`` runs full-batch gradient descent from w = 0, b = 0: each epoch is one
step w ← w − lr·∂L/∂w, b ← b − lr·∂L/∂b on the whole training set, both gradients taken at the
same (w, b) (the same steps as torch.optim.SGD on BCEWithLogitsLoss). No randomness: the result is
fixed by X, y, lr and epochs. Predict class 1 where Xw + b > 0 (that is, p > 0.5).

Invalid input raises ValueError: arrays that are not real-valued (complex ones included), shapes
that do not match (also shapes numpy would broadcast, like (3,) and (3, 1)), empty inputs to a
loss, λ < 0, labels other than 0 and 1, lr ≤ 0, epochs < 0, and a ridge system that is singular
(in exact arithmetic only when λ = 0, for X of rank < D — np.linalg.solve does not always notice;
np.linalg.matrix_rank(X) does). With λ > 0 (not lost in round-off next to XᵀX) any X is fine,
duplicated columns included.

No function modifies its arguments.
"""
from __future__ import annotations

import numpy as np


def mse(y_pred: np.ndarray, y_true: np.ndarray) -> float:
    """Mean squared error (1/N) Σ (ŷ − y)² over all entries.

    Args:
        y_pred: predictions, array of any shape with N ≥ 1 entries.
        y_true: targets, array of the same shape.

    Returns:
        a Python float (np.float64 is one; a 0-d array is not).

    Raises:
        ValueError: if the shapes differ (also where numpy would broadcast them), the arrays are
            empty, or not real-valued.
    """
    raise NotImplementedError("ex12: implement mse")


def rmse(y_pred: np.ndarray, y_true: np.ndarray) -> float:
    """Root mean squared error √mse(ŷ, y); float. Raises like ``mse``."""
    raise NotImplementedError("ex12: implement rmse")


def mae(y_pred: np.ndarray, y_true: np.ndarray) -> float:
    """Mean absolute error (1/N) Σ |ŷ − y|; float. Raises like ``mse``."""
    raise NotImplementedError("ex12: implement mae")


def l1_penalty(w: np.ndarray) -> float:
    """Σ |w| over all entries of w (any shape; 0.0 for an empty array); float."""
    raise NotImplementedError("ex12: implement l1_penalty")


def l2_penalty(w: np.ndarray) -> float:
    """Σ w² over all entries of w (any shape): the squared norm ‖w‖², with no ½; float."""
    raise NotImplementedError("ex12: implement l2_penalty")


def ridge_closed_form(X: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """The minimiser of ‖Xw − y‖² + λ‖w‖²: w = (XᵀX + λI)⁻¹Xᵀy, X and y used as given (not centred).

    Args:
        X: array of shape (N, D), the inputs.
        y: array of shape (N,), the targets.
        lam: λ ≥ 0. λ = 0 is ordinary least squares (needs XᵀX invertible: rank D).

    Returns:
        float64 array of shape (D,) (also for float32 or integer X and y).

    Raises:
        ValueError: on bad shapes, λ < 0, or a singular XᵀX + λI (λ = 0 and X of rank < D).
    """
    raise NotImplementedError("ex12: implement ridge_closed_form")


def fit_logistic_regression(X: np.ndarray, y: np.ndarray, lr: float, epochs: int) -> tuple[np.ndarray, float]:
    """Logistic regression by full-batch gradient descent on the mean binary cross-entropy.

    Start from w = 0 (shape (D,)) and b = 0.0; each of the ``epochs`` steps computes
    p = σ(Xw + b) on ALL N samples with the current w and b, then moves both with that same p:
    w ← w − lr·Xᵀ(p − y)/N, b ← b − lr·mean(p − y).

    Args:
        X: array of shape (N, D), the (standardised) features.
        y: array of shape (N,), labels 0 or 1.
        lr: learning rate > 0.
        epochs: number of steps ≥ 0 (0 returns the zero start).

    Returns:
        (w, b): float64 array of shape (D,) (float32 X included) and a Python float.

    Raises:
        ValueError: on bad shapes, no samples, labels other than 0/1, lr ≤ 0 or epochs < 0.
    """
    raise NotImplementedError("ex12: implement fit_logistic_regression")
