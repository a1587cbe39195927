"""A second implementation of ex10, written from the stub's docstrings alone: sigmoid as
(1 + tanh(x/2)) / 2, the sigmoid and tanh derivatives as e/(1+e)² and 4e/(1+e)² with e = e^(−|x|)
(resp. e^(−2|x|)), the exponential branches evaluated by boolean indexing on the non-positive
entries only."""
from __future__ import annotations

import math
import numbers

import numpy as np

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _real(x: np.ndarray) -> np.ndarray:
    a = np.asarray(x)
    if a.dtype.kind in "biuf":
        return np.array(a, dtype=np.float64, copy=True)
    if a.dtype.kind == "O":
        try:
            if any(isinstance(v, complex) for v in a.ravel().tolist()):
                raise TypeError
            return np.array(a, dtype=np.float64)
        except (TypeError, ValueError):
            pass
    raise ValueError(f"x must be real-valued, got dtype {a.dtype}")


def _alpha(alpha: float) -> float:
    if not isinstance(alpha, numbers.Real) or not math.isfinite(float(alpha)) or alpha < 0:
        raise ValueError(f"alpha must be a finite number >= 0, got {alpha!r}")
    return float(alpha)


def _out(a: np.ndarray) -> np.ndarray:
    return np.asarray(a, dtype=np.float64)


def sigmoid(x: np.ndarray) -> np.ndarray:
    a = _real(x)
    return _out(0.5 * (1.0 + np.tanh(0.5 * a)))


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(_real(x)))
    return _out(e / ((1.0 + e) * (1.0 + e)))


def tanh(x: np.ndarray) -> np.ndarray:
    return _out(np.tanh(_real(x)))


def tanh_grad(x: np.ndarray) -> np.ndarray:
    e = np.exp(-2.0 * np.abs(_real(x)))
    return _out(4.0 * e / ((1.0 + e) * (1.0 + e)))


def relu(x: np.ndarray) -> np.ndarray:
    a = _real(x)
    return _out(np.where(a > 0, a, 0.0))


def relu_grad(x: np.ndarray) -> np.ndarray:
    return _out((_real(x) > 0).astype(np.float64))


def relu6(x: np.ndarray) -> np.ndarray:
    a = _real(x)
    return _out(np.where(a > 6, 6.0, np.where(a > 0, a, 0.0)))


def relu6_grad(x: np.ndarray) -> np.ndarray:
    a = _real(x)
    return _out(((a > 0) & (a < 6)).astype(np.float64))


def leaky_relu(x: np.ndarray, alpha: float = 0.01) -> np.ndarray:
    k = _alpha(alpha)
    a = _real(x)
    neg = ~(a > 0)
    a[neg] = a[neg] * k
    return _out(a)


def leaky_relu_grad(x: np.ndarray, alpha: float = 0.01) -> np.ndarray:
    k = _alpha(alpha)
    a = _real(x)
    g = np.ones_like(a)
    g[~(a > 0)] = k
    return _out(g)


def elu(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    k = _alpha(alpha)
    a = _real(x)
    neg = ~(a > 0)
    a[neg] = k * np.expm1(a[neg])
    return _out(a)


def elu_grad(x: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    k = _alpha(alpha)
    a = _real(x)
    g = np.ones_like(a)
    neg = ~(a > 0)
    g[neg] = k * np.exp(a[neg])
    return _out(g)


def selu(x: np.ndarray) -> np.ndarray:
    return _out(SELU_SCALE * elu(x, SELU_ALPHA))


def selu_grad(x: np.ndarray) -> np.ndarray:
    return _out(SELU_SCALE * elu_grad(x, SELU_ALPHA))


def _bounds(min_val: float, max_val: float) -> tuple[float, float]:
    if min_val > max_val:
        raise ValueError(f"min_val {min_val} > max_val {max_val}")
    return float(min_val), float(max_val)


def hardtanh(x: np.ndarray, min_val: float = -1.0, max_val: float = 1.0) -> np.ndarray:
    lo, hi = _bounds(min_val, max_val)
    a = _real(x)
    a[a < lo] = lo
    a[a > hi] = hi
    return _out(a)


def hardtanh_grad(x: np.ndarray, min_val: float = -1.0, max_val: float = 1.0) -> np.ndarray:
    lo, hi = _bounds(min_val, max_val)
    a = _real(x)
    return _out(((a > lo) & (a < hi)).astype(np.float64))
