"""ex08 · Convolution and pooling shapes (합성곱과 풀링의 출력 크기).

Before writing ``nn.Linear(320, 10)`` after two conv/pool blocks, you must know that the feature
map has 20 channels of 4×4 = 320 numbers. This exercise computes those sizes, counts a conv
layer's parameters, and implements the convolution itself — all as torch does.

Output size of a convolution along one axis (input n, kernel k, stride s, padding p, dilation d):

    n_out = floor((n + 2p − d·(k − 1) − 1) / s) + 1

* padding is added on BOTH sides (2p);
* a dilated kernel spans d·(k − 1) + 1 input pixels;
* the "+1" counts the first window, at position 0.

Max pooling uses the same formula (dilation 1) with stride = kernel_size by default. With
``ceil_mode=True`` the division rounds UP, so a partial window at the end still produces an output
— even a window that hangs over the end of an input smaller than the kernel — except that, as in
torch, the last window must START inside the input or the left padding: if (n_out − 1)·s ≥ n + p,
drop it (n_out −= 1). Torch also requires p ≤ k // 2 for pooling.

A conv layer (in_channels C, out_channels F, kernel kh×kw) has F·C·kh·kw weights and F biases.

The forward pass of ``nn.Conv2d`` is a CROSS-CORRELATION (the kernel is not flipped):

    out[n, f, i, j] = bias[f] + Σ_c Σ_u Σ_v  x_pad[n, c, i·s + u, j·s + v] · weight[f, c, u, v]

with x (N, C, H, W), weight (F, C, kh, kw), bias (F,) → out (N, F, H_out, W_out).

Sizes are ints or (height, width) pairs. A configuration whose output would be empty
(n_out ≤ 0) is impossible and raises ValueError.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

IntOrPair = int | tuple[int, int]


def conv2d_output_shape(h: int, w: int, kernel_size: IntOrPair, stride: IntOrPair = 1,
                        padding: IntOrPair = 0, dilation: IntOrPair = 1) -> tuple[int, int]:
    """Spatial output size of ``nn.Conv2d``: n_out = floor((n + 2p − d(k − 1) − 1) / s) + 1 per axis.

    Args:
        h, w: input height and width, ≥ 1.
        kernel_size: k ≥ 1, an int or a pair (kh, kw).
        stride: s ≥ 1; padding: p ≥ 0 (zeros on both sides); dilation: d ≥ 1 — ints or pairs.

    Returns:
        (h_out, w_out) as Python ints.

    Raises:
        ValueError: for a size that is not an int (a float such as 2.0, or a bool), a size out of
        range, a pair that is not of length 2, or a configuration whose output would be empty (the
        dilated kernel is larger than the padded input).
    """
    raise NotImplementedError("ex08: implement conv2d_output_shape")


def pool2d_output_shape(h: int, w: int, kernel_size: IntOrPair, stride: IntOrPair | None = None,
                        padding: IntOrPair = 0, ceil_mode: bool = False) -> tuple[int, int]:
    """Spatial output size of ``nn.MaxPool2d`` (and ``nn.AvgPool2d``).

    n_out = floor((n + 2p − k) / s) + 1, or with ceil_mode=True ceil((n + 2p − k) / s) + 1, then
    minus 1 if that last window would start beyond the input and left padding ((n_out − 1)·s ≥ n + p).

    Args:
        h, w: input height and width, ≥ 1.
        kernel_size: k ≥ 1, int or pair.
        stride: s ≥ 1, int or pair; None (the default) means stride = kernel_size.
        padding: 0 ≤ p ≤ k // 2, int or pair (torch's rule: more padding would make windows of
            padding only).
        ceil_mode: round the division up instead of down.

    Returns:
        (h_out, w_out) as Python ints.

    Raises:
        ValueError: for a size that is not an int (a float such as 2.0, or a bool), a size out of
        range, padding > kernel_size // 2, or an empty output.
    """
    raise NotImplementedError("ex08: implement pool2d_output_shape")


def conv2d_param_count(in_channels: int, out_channels: int, kernel_size: IntOrPair, bias: bool = True) -> int:
    """Number of trainable parameters of ``nn.Conv2d(in_channels, out_channels, kernel_size, bias=bias)``.

    out_channels · in_channels · kh · kw weights (one kh×kw kernel per input channel per filter),
    plus out_channels biases (one per filter) when ``bias`` is True.

    Raises:
        ValueError: for a channel count or kernel size below 1.
    """
    raise NotImplementedError("ex08: implement conv2d_param_count")


def flatten_size(input_shape: Sequence[int], layers: list[tuple[str, dict[str, Any]]]) -> int:
    """Length of one sample's feature vector after the layers, flattened (``x.view(N, -1)``).

    Args:
        input_shape: (C, H, W) of one sample, e.g. (1, 28, 28) for MNIST.
        layers: in order, each ``(kind, params)``:

            ("conv", {"out_channels": F, "kernel_size": k, "stride": 1, "padding": 0,
                      "dilation": 1, "in_channels": C})     — in_channels optional; if given it
                      must equal the current channel count. Channels become F.
            ("pool", {"kernel_size": k, "stride": None, "padding": 0, "ceil_mode": False})
                      — channels unchanged.

            Missing keys take the defaults shown (out_channels and kernel_size are required).

    Returns:
        C_out · H_out · W_out as a Python int. The course's MNIST net
        [("conv", {"out_channels": 10, "kernel_size": 5}), ("pool", {"kernel_size": 2}),
         ("conv", {"out_channels": 20, "kernel_size": 5}), ("pool", {"kernel_size": 2})]
        on (1, 28, 28) gives 20 · 4 · 4 = 320.

    Raises:
        ValueError: for an input_shape that is not three sizes ≥ 1, an unknown kind or key, a
        missing required key, a mismatched in_channels, or a layer whose output would be empty
        (out_channels = 0 included).
    """
    raise NotImplementedError("ex08: implement flatten_size")


def conv2d_forward(x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None,
                   stride: IntOrPair = 1, padding: IntOrPair = 0) -> np.ndarray:
    """Forward pass of ``nn.Conv2d`` (cross-correlation, as ``torch.nn.functional.conv2d``).

    out[n, f, i, j] = bias[f] + Σ_{c,u,v} x_pad[n, c, i·s_h + u, j·s_w + v] · weight[f, c, u, v]

    Args:
        x: float array (N, C, H, W).
        weight: float array (F, C, kh, kw).
        bias: float array (F,), or None for no bias.
        stride: s ≥ 1, int or pair; padding: p ≥ 0 zeros on every side, int or pair.

    Returns:
        float array (N, F, H_out, W_out), sizes as ``conv2d_output_shape``. The inputs are not
        modified.

    Raises:
        ValueError: for arrays of the wrong rank, channel counts that differ between x and
        weight, a bias not of shape (F,), or an empty output.
    """
    raise NotImplementedError("ex08: implement conv2d_forward")
