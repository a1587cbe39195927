"""A second implementation of ex06, written from the stub's docstrings alone: the keep mask drawn
with rng.binomial(1, 1 − p) instead of comparing uniforms, the scaling applied by np.divide."""
from __future__ import annotations

import math
import numbers

import numpy as np


def dropout_forward(x: np.ndarray, p: float, train: bool,
                    rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(p, numbers.Real) or math.isnan(float(p)) or not 0.0 <= float(p) <= 1.0:
        raise ValueError(f"p must be a number in [0, 1], got {p!r}")
    p = float(p)
    x = np.asarray(x)
    if not train or p == 0.0:
        mask = np.ones(x.shape, dtype=np.float64)
    elif p == 1.0:
        mask = np.zeros(x.shape, dtype=np.float64)
    else:
        keep = rng.binomial(1, 1.0 - p, size=x.shape).astype(np.float64)
        mask = np.divide(keep, 1.0 - p)
    return np.multiply(x, mask, dtype=np.float64), mask


def dropout_backward(dout: np.ndarray, mask: np.ndarray) -> np.ndarray:
    dout = np.asarray(dout)
    mask = np.asarray(mask)
    if dout.shape != mask.shape:
        raise ValueError(f"dout {dout.shape} and mask {mask.shape} differ in shape")
    return np.multiply(dout, mask, dtype=np.float64)
