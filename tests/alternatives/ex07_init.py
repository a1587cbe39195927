"""A second implementation of ex07, written from the stub's docstrings alone: uniforms as an affine
map of rng.random, normals as std · rng.standard_normal, the receptive field by math.prod."""
from __future__ import annotations

import math

import numpy as np


def compute_fans(shape: tuple[int, ...]) -> tuple[int, int]:
    dims = tuple(shape)
    if len(dims) < 2:
        raise ValueError("a weight needs at least 2 dimensions")
    for d in dims:
        if isinstance(d, (bool, np.bool_)) or not isinstance(d, (int, np.integer)) or d <= 0:
            raise ValueError(f"every dimension must be a positive int, got {d!r}")
    if len(dims) == 2:
        return int(dims[0]), int(dims[1])
    field = math.prod(int(k) for k in dims[2:])
    return int(dims[1]) * field, int(dims[0]) * field


def _check_gain(gain: float) -> float:
    if not gain > 0:
        raise ValueError("gain must be > 0")
    return float(gain)


def _uniform(shape: tuple[int, ...], bound: float, rng: np.random.Generator) -> np.ndarray:
    return (bound * (2.0 * rng.random(tuple(shape)) - 1.0)).astype(np.float64)


def _normal(shape: tuple[int, ...], std: float, rng: np.random.Generator) -> np.ndarray:
    return (std * rng.standard_normal(tuple(shape))).astype(np.float64)


def xavier_uniform(shape: tuple[int, ...], rng: np.random.Generator, gain: float = 1.0) -> np.ndarray:
    fi, fo = compute_fans(shape)
    g = _check_gain(gain)
    return _uniform(shape, g * math.sqrt(6.0 / (fi + fo)), rng)


def xavier_normal(shape: tuple[int, ...], rng: np.random.Generator, gain: float = 1.0) -> np.ndarray:
    fi, fo = compute_fans(shape)
    g = _check_gain(gain)
    return _normal(shape, g * math.sqrt(2.0 / (fi + fo)), rng)


def he_uniform(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    fi, _ = compute_fans(shape)
    return _uniform(shape, math.sqrt(6.0 / fi), rng)


def he_normal(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    fi, _ = compute_fans(shape)
    return _normal(shape, math.sqrt(2.0 / fi), rng)
