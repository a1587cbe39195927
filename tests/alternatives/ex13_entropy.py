"""A second implementation of ex13, written from the stub's docstrings alone: Python loops over the
outcomes with math.log2, skipping zero-probability terms, another base by change of base, KL as the
sum of p·(log2 p − log2 q) term by term."""
from __future__ import annotations

import math
import numbers

import numpy as np


def _prob(p: np.ndarray, name: str) -> list[float]:
    a = np.asarray(p)
    if a.ndim != 1 or a.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array")
    if a.dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold real numbers")
    values = [float(v) for v in a.tolist()]
    for v in values:
        if not math.isfinite(v) or v < 0:
            raise ValueError(f"{name} must hold finite, non-negative numbers")
    if abs(math.fsum(values) - 1.0) > 1e-6:
        raise ValueError(f"{name} must sum to 1")
    return values


def _pair(p: np.ndarray, q: np.ndarray) -> tuple[list[float], list[float]]:
    ps, qs = _prob(p, "p"), _prob(q, "q")
    if len(ps) != len(qs):
        raise ValueError("p and q must have the same length")
    return ps, qs


def entropy(p: np.ndarray, base: float = 2) -> float:
    if (isinstance(base, bool) or not isinstance(base, numbers.Real) or not math.isfinite(float(base))
            or base <= 0 or base == 1):
        raise ValueError(f"base must be a finite number > 0 and != 1, got {base!r}")
    bits = 0.0
    for v in _prob(p, "p"):
        if v > 0:
            bits -= v * math.log2(v)
    return float(bits / math.log2(float(base))) + 0.0


def cross_entropy_bits(p: np.ndarray, q: np.ndarray) -> float:
    total = 0.0
    for pi, qi in zip(*_pair(p, q)):
        if pi == 0:
            continue
        if qi == 0:
            return math.inf
        total -= pi * math.log2(qi)
    return float(total) + 0.0


def kl_divergence(p: np.ndarray, q: np.ndarray) -> float:
    total = 0.0
    for pi, qi in zip(*_pair(p, q)):
        if pi == 0:
            continue
        if qi == 0:
            return math.inf
        total += pi * (math.log2(pi) - math.log2(qi))
    return float(total) + 0.0
