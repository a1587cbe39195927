"""ex07 · Xavier and He weight initialisation (가중치 초기화: 세이비어/He).

A layer's initial weights decide whether signals (forward) and gradients (backward) keep their
size through a deep network or vanish/explode. Both schemes pick the weights' variance from the
layer's fan-in (inputs per output unit) and fan-out (outputs per input unit).

Shapes and fans — the conventions of THIS exercise:

    dense weight  W: (fan_in, fan_out)        used as  Y = X @ W,  X: (N, fan_in)
    conv weight   W: (out_ch, in_ch, kh, kw)  as in torch's nn.Conv2d
                  fan_in  = in_ch  · kh · kw   (the receptive field counts)
                  fan_out = out_ch · kh · kw

Careful: torch's ``nn.Linear`` stores its weight as (out_features, in_features), the TRANSPOSE of
the dense convention here; ``torch.nn.init`` reads fan_in from shape[1]. To compare with torch, a
(fan_in, fan_out) weight here corresponds to a torch tensor of shape (fan_out, fan_in).

Xavier / Glorot (keeps the variance for tanh/sigmoid-like units; averages both directions):

    std   = gain · sqrt(2 / (fan_in + fan_out))
    normal:  W ~ N(0, std²)
    uniform: W ~ U(−a, a) with a = gain · sqrt(6 / (fan_in + fan_out)) = √3 · std

He / Kaiming, fan_in mode (for ReLU, which zeroes half of its inputs: gain √2):

    std   = √2 / sqrt(fan_in) = sqrt(2 / fan_in)
    normal:  W ~ N(0, std²)
    uniform: W ~ U(−b, b) with b = √3 · std = sqrt(6 / fan_in)

Why √3: a uniform distribution on (−a, a) has variance a²/3, so its bound is √3 times its std.

All random numbers come from the ``rng`` argument (``np.random.default_rng(seed)``), so a seed
reproduces the weights.
"""
from __future__ import annotations

import math

import numpy as np

# BEGIN SOLUTION


def _check_shape(shape: tuple[int, ...]) -> tuple[int, ...]:
    try:
        dims = tuple(shape)
    except TypeError:
        raise ValueError(f"shape must be a tuple of ints, got {shape!r}") from None
    if len(dims) < 2:
        raise ValueError(f"fans need a weight with at least 2 dimensions, got shape {dims}")
    for d in dims:
        if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 1:
            raise ValueError(f"every dimension must be a positive int, got shape {dims}")
    return tuple(int(d) for d in dims)
# END SOLUTION


def compute_fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight of the given shape.

    Args:
        shape: (fan_in, fan_out) for a dense weight; (out_ch, in_ch, kh, kw) — or any
            (out_ch, in_ch, *kernel) — for a convolution weight.

    Returns:
        (fan_in, fan_out) as Python ints. Dense: (shape[0], shape[1]). Conv:
        (in_ch · receptive field, out_ch · receptive field), receptive field = product of kernel dims.

    Raises:
        ValueError: for fewer than 2 dimensions, or a dimension that is not a positive int.
    """
    # BEGIN SOLUTION
    dims = _check_shape(shape)
    if len(dims) == 2:
        return dims[0], dims[1]
    receptive = math.prod(dims[2:])
    return dims[1] * receptive, dims[0] * receptive
    # END SOLUTION


def xavier_uniform(shape: tuple[int, ...], rng: np.random.Generator, gain: float = 1.0) -> np.ndarray:
    """Xavier/Glorot uniform: W ~ U(−a, a), a = gain · sqrt(6 / (fan_in + fan_out)).

    Args:
        shape: weight shape (see ``compute_fans`` for the conventions).
        rng: ``numpy.random.Generator`` to draw from.
        gain: scale for the nonlinearity (1 for linear/sigmoid, 5/3 for tanh …), gain > 0.

    Returns:
        float64 array of the given shape.

    Raises:
        ValueError: for an invalid shape or gain ≤ 0.
    """
    # BEGIN SOLUTION
    fan_in, fan_out = compute_fans(shape)
    if not gain > 0:
        raise ValueError(f"gain must be positive, got {gain}")
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-bound, bound, size=tuple(shape))
    # END SOLUTION


def xavier_normal(shape: tuple[int, ...], rng: np.random.Generator, gain: float = 1.0) -> np.ndarray:
    """Xavier/Glorot normal: W ~ N(0, std²), std = gain · sqrt(2 / (fan_in + fan_out)).

    Args and Raises as ``xavier_uniform``. Returns a float64 array of the given shape.
    """
    # BEGIN SOLUTION
    fan_in, fan_out = compute_fans(shape)
    if not gain > 0:
        raise ValueError(f"gain must be positive, got {gain}")
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return rng.normal(0.0, std, size=tuple(shape))
    # END SOLUTION


def he_uniform(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    """He/Kaiming uniform for ReLU (fan_in mode): W ~ U(−b, b), b = sqrt(6 / fan_in).

    Args:
        shape: weight shape (see ``compute_fans``).
        rng: ``numpy.random.Generator`` to draw from.

    Returns:
        float64 array of the given shape.

    Raises:
        ValueError: for an invalid shape.
    """
    # BEGIN SOLUTION
    fan_in, _ = compute_fans(shape)
    bound = math.sqrt(2.0) * math.sqrt(3.0 / fan_in)
    return rng.uniform(-bound, bound, size=tuple(shape))
    # END SOLUTION


def he_normal(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    """He/Kaiming normal for ReLU (fan_in mode): W ~ N(0, std²), std = sqrt(2 / fan_in).

    Args, Returns and Raises as ``he_uniform``.
    """
    # BEGIN SOLUTION
    fan_in, _ = compute_fans(shape)
    std = math.sqrt(2.0 / fan_in)
    return rng.normal(0.0, std, size=tuple(shape))
    # END SOLUTION
