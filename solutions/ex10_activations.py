"""ex10 · Activation functions and their derivatives (활성 함수와 도함수).

Without a nonlinearity between them, stacked linear layers collapse into one linear layer; the
activation function is what lets a network bend its decision boundary. Backpropagation needs each
activation's DERIVATIVE with respect to its input, evaluated at the same input x:

    sigmoid(x)    = 1 / (1 + e^(−x))                     sigmoid'(x) = σ(x)·(1 − σ(x))
    tanh(x)       = (e^x − e^(−x)) / (e^x + e^(−x))      tanh'(x)    = 1 − tanh(x)²
    relu(x)       = max(0, x)                            relu'(x)    = 1 if x > 0 else 0
    relu6(x)      = min(max(0, x), 6)                    relu6'(x)   = 1 if 0 < x < 6 else 0
    leaky_relu(x) = x if x > 0 else α·x                  leaky'(x)   = 1 if x > 0 else α
    elu(x)        = x if x > 0 else α·(e^x − 1)          elu'(x)     = 1 if x > 0 else α·e^x
    selu(x)       = λ · elu(x, α)   with fixed α ≈ 1.6733, λ ≈ 1.0507 (the "scale")
    hardtanh(x)   = min(max(x, min_val), max_val)        hardtanh'(x) = 1 if min_val < x < max_val else 0

Every function works element-wise: ``x`` is an array of any shape (or a number) of real values,
and the result is a float64 array of the same shape (a 0-d array for a number). The input is
never modified.

Kinks. Where the function has a corner the derivative does not exist; we return what PyTorch's
autograd returns there, so the two agree everywhere:

    relu'(0) = 0    relu6'(0) = relu6'(6) = 0    hardtanh'(min_val) = hardtanh'(max_val) = 0
    leaky_relu'(0) = α    elu'(0) = α    selu'(0) = λ·α

(the course notes write ReLU'(x) = 1 for x ≥ 0; PyTorch, and this exercise, use 0 at x = 0).

Large inputs. Code must stay finite and correct for |x| up to 1e4 and beyond, without a
RuntimeWarning (overflow): e^x overflows to inf for x > 709.78, and inf/inf is NaN. Evaluate
e^(−|x|) (always in (0, 1]) instead of e^x, use ``np.tanh`` rather than the textbook quotient,
and ``np.expm1(np.minimum(x, 0))`` for ELU's negative branch (``np.where`` computes BOTH
branches for every entry, so even a branch it throws away must not overflow).

Invalid input raises ValueError: ``x`` that is not real-valued (strings, complex numbers, …), a
negative α, or ``min_val > max_val``.
"""
from __future__ import annotations

import numpy as np

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

# BEGIN SOLUTION


def _as_float(x: np.ndarray) -> np.ndarray:
    arr = np.asarray(x)
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"x must hold real numbers, got dtype {arr.dtype}")
    return arr.astype(np.float64)


def _check_alpha(alpha: float) -> float:
    alpha = float(alpha)
    if not np.isfinite(alpha) or alpha < 0:
        raise ValueError(f"alpha must be a finite number >= 0, got {alpha}")
    return alpha
# END SOLUTION


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic sigmoid σ(x) = 1 / (1 + e^(−x)), values in [0, 1].

    Stable form: with e = e^(−|x|) ∈ (0, 1],  σ(x) = 1 / (1 + e) for x ≥ 0 and e / (1 + e) for x < 0.
    Neither ``1 / (1 + np.exp(-x))`` (overflow warning for x ≪ 0) nor ``np.exp(x) / (1 + np.exp(x))``
    (NaN for x ≫ 0) is safe.

    Args:
        x: array of any shape (or a number), real values.

    Returns:
        float64 array of the same shape.
    """
    # BEGIN SOLUTION
    x = _as_float(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    # END SOLUTION


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    """dσ/dx at x: σ(x)·(1 − σ(x)), at most 0.25 (at x = 0); float64 array, shape of x."""
    # BEGIN SOLUTION
    s = sigmoid(x)
    return s * (1.0 - s)
    # END SOLUTION


def tanh(x: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent, values in [−1, 1]; float64 array, shape of x.

    tanh(x) = 2σ(2x) − 1. ``np.tanh`` is stable; the quotient (e^x − e^(−x)) / (e^x + e^(−x)) is
    inf/inf = NaN for |x| > 710.
    """
    # BEGIN SOLUTION
    return np.tanh(_as_float(x))
    # END SOLUTION


def tanh_grad(x: np.ndarray) -> np.ndarray:
    """d tanh/dx at x: 1 − tanh(x)² (in terms of the OUTPUT, not 1 − x²); float64 array, shape of x."""
    # BEGIN SOLUTION
    t = np.tanh(_as_float(x))
    return 1.0 - t * t
    # END SOLUTION


def relu(x: np.ndarray) -> np.ndarray:
    """Rectified linear unit max(0, x); float64 array, shape of x."""
    # BEGIN SOLUTION
    x = _as_float(x)
    return np.where(x > 0, x, 0.0)
    # END SOLUTION


def relu_grad(x: np.ndarray) -> np.ndarray:
    """d relu/dx at x: 1.0 where x > 0, else 0.0 — including 0.0 at x = 0 (PyTorch's convention)."""
    # BEGIN SOLUTION
    return (_as_float(x) > 0).astype(np.float64)
    # END SOLUTION


def relu6(x: np.ndarray) -> np.ndarray:
    """ReLU capped at 6: min(max(0, x), 6); float64 array, shape of x."""
    # BEGIN SOLUTION
    return np.clip(_as_float(x), 0.0, 6.0)
    # END SOLUTION


def relu6_grad(x: np.ndarray) -> np.ndarray:
    """d relu6/dx at x: 1.0 where 0 < x < 6, else 0.0 (0.0 at both kinks, x = 0 and x = 6)."""
    # BEGIN SOLUTION
    x = _as_float(x)
    return ((x > 0) & (x < 6)).astype(np.float64)
    # END SOLUTION


def leaky_relu(x: np.ndarray, alpha: float = 0.01) -> np.ndarray:
    """x where x > 0, α·x elsewhere: the slope α applies to the NEGATIVE side only.

    Args:
        x: array of any shape (or a number), real values.
        alpha: slope for x ≤ 0, a finite number ≥ 0 (PyTorch's ``negative_slope``).

    Returns:
        float64 array of the same shape.

    Raises:
        ValueError: if alpha is negative or not finite, or x is not real-valued.
    """
    # BEGIN SOLUTION
    alpha = _check_alpha(alpha)
    x = _as_float(x)
    return np.where(x > 0, x, alpha * x)
    # END SOLUTION


def leaky_relu_grad(x: np.ndarray, alpha: float = 0.01) -> np.ndarray:
    """d leaky_relu/dx at x: 1.0 where x > 0, α elsewhere (α at x = 0). Raises as ``leaky_relu``."""
    # BEGIN SOLUTION
    alpha = _check_alpha(alpha)
    x = _as_float(x)
    return np.where(x > 0, 1.0, alpha)
    # END SOLUTION


def elu(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """Exponential linear unit: x where x > 0, α·(e^x − 1) elsewhere (tends to −α as x → −∞).

    Args:
        x: array of any shape (or a number), real values.
        alpha: a finite number ≥ 0.

    Returns:
        float64 array of the same shape. Compute the negative branch from min(x, 0), so that
        e^x is never evaluated at a large positive x.

    Raises:
        ValueError: if alpha is negative or not finite, or x is not real-valued.
    """
    # BEGIN SOLUTION
    alpha = _check_alpha(alpha)
    x = _as_float(x)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))
    # END SOLUTION


def elu_grad(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """d elu/dx at x: 1.0 where x > 0, α·e^x elsewhere (= elu(x) + α; α at x = 0). Raises as ``elu``."""
    # BEGIN SOLUTION
    alpha = _check_alpha(alpha)
    x = _as_float(x)
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))
    # END SOLUTION


def selu(x: np.ndarray) -> np.ndarray:
    """Scaled ELU: λ·elu(x, α) with α = SELU_ALPHA ≈ 1.6733 and λ = SELU_SCALE ≈ 1.0507.

    The scale λ multiplies BOTH branches (λ·x for x > 0). These constants make activations keep
    mean 0 and variance 1 through the layers of a suitably initialised network.
    """
    # BEGIN SOLUTION
    return SELU_SCALE * elu(x, SELU_ALPHA)
    # END SOLUTION


def selu_grad(x: np.ndarray) -> np.ndarray:
    """d selu/dx at x: λ where x > 0, λ·α·e^x elsewhere (λ·α at x = 0)."""
    # BEGIN SOLUTION
    return SELU_SCALE * elu_grad(x, SELU_ALPHA)
    # END SOLUTION


def hardtanh(x: np.ndarray, min_val: float = -1.0, max_val: float = 1.0) -> np.ndarray:
    """x clipped to [min_val, max_val]: a piecewise-linear tanh; float64 array, shape of x.

    Raises:
        ValueError: if min_val > max_val, or x is not real-valued.
    """
    # BEGIN SOLUTION
    if min_val > max_val:
        raise ValueError(f"min_val ({min_val}) must not be greater than max_val ({max_val})")
    return np.clip(_as_float(x), min_val, max_val)
    # END SOLUTION


def hardtanh_grad(x: np.ndarray, min_val: float = -1.0, max_val: float = 1.0) -> np.ndarray:
    """d hardtanh/dx at x: 1.0 where min_val < x < max_val, else 0.0 (0.0 AT both kinks).

    Raises:
        ValueError: if min_val > max_val, or x is not real-valued.
    """
    # BEGIN SOLUTION
    if min_val > max_val:
        raise ValueError(f"min_val ({min_val}) must not be greater than max_val ({max_val})")
    x = _as_float(x)
    return ((x > min_val) & (x < max_val)).astype(np.float64)
    # END SOLUTION
