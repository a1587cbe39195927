"""ex20 · Pooling and the Inception block (풀링과 인셉션 모듈).

A pooling layer (풀링 층) slides a window over each channel of a feature map, as a convolution
does, but it has no weights: it summarises each window by one number.

* Max pooling (최대 풀링) keeps the largest value of the window — the most salient response.
* Average pooling (평균 풀링) keeps the mean of the window.
* Global pooling (전역 풀링) uses one window as large as the whole map, so each channel becomes a
  single number: GoogLeNet's final classifier averages each 7×7 map instead of flattening it into
  a large fully-connected layer, which saves most of the parameters (매개변수).

Conventions (those of ``torch.nn.functional.max_pool2d`` / ``avg_pool2d``):

* x has shape (N, C, H, W): batch, channels, height, width. Each channel of each sample is
  pooled on its own, so N and C pass through unchanged.
* kernel_size, stride and padding are ints or (height, width) pairs. ``stride=None`` means
  stride = kernel_size (windows that do not overlap). Windows start at 0, s, 2s, … and the last
  one must fit in the padded input (floor mode): H_out = floor((H + 2p − k) / s) + 1, as in
  ex08. Torch allows at most padding ≤ kernel_size // 2 on each axis.
* Max pooling pads with −∞ (a padded position never wins); average pooling pads with zeros and
  the zeros COUNT in the average (torch's default ``count_include_pad=True``).

Backward (역전파): given g = ∂L/∂out, the gradient ∂L/∂x is what autograd computes through the
forward pass. In max pooling each window's output is ONE of its inputs, so that input alone
receives the window's gradient; in average pooling every input of the window had the same share
in the output. When windows overlap (stride < kernel_size), an input that belongs to several
windows receives a contribution from each of them. Padded positions are not inputs: they receive
nothing.

Ties: when several entries of a window share the maximum, torch's CPU kernel picks the FIRST of
them in row-major order (top row first, left to right within a row) — the index
``max_pool2d(..., return_indices=True)`` returns — and its backward sends the window's whole
gradient to that one entry, none to the others. The functions below do the same.

The Inception module (인셉션 모듈) of GoogLeNet runs four branches side by side on the same input
and concatenates their outputs along the CHANNEL axis, so every branch keeps the height and width:

    branch 1: 1×1 convolution                       (ch1x1 filters)
    branch 2: [1×1 reduction] → 3×3 conv, padding 1 (ch3x3red → ch3x3 filters)
    branch 3: [1×1 reduction] → 5×5 conv, padding 2 (ch5x5red → ch5x5 filters)
    branch 4: 3×3 max pooling, stride 1, padding 1 → [1×1 projection] (pool_proj filters)

The bracketed 1×1 convolutions (합성곱) are optional: the "naive" block has none, and then the 3×3
and 5×5 filters see all the input channels and the pooled input is passed on as it is. A 1×1
reduction in front of a large kernel first shrinks the channel count, which makes the block far
cheaper. Every convolution is an ``nn.Conv2d`` with a bias (when bias=True); ReLUs and max pooling
have no parameters.

All arrays are numpy arrays; results are float64 arrays. Invalid input raises ValueError.
"""
from __future__ import annotations

from typing import Any

import numpy as np

IntOrPair = int | tuple[int, int]


def max_pool2d(x: np.ndarray, kernel_size: IntOrPair, stride: IntOrPair | None = None,
               padding: IntOrPair = 0) -> np.ndarray:
    """Max pooling, as ``torch.nn.functional.max_pool2d(x, kernel_size, stride, padding)``.

    Args:
        x: real array of shape (N, C, H, W) (any real dtype; computed in float64).
        kernel_size: k ≥ 1, an int or a pair (kh, kw).
        stride: s ≥ 1, an int or a pair; None (the default) means stride = kernel_size.
        padding: 0 ≤ p ≤ kernel_size // 2 on each axis, an int or a pair; padded positions are −∞.

    Returns:
        float64 array of shape (N, C, H_out, W_out): out[n, c, i, j] is the largest entry of
        channel c of sample n inside window (i, j).

    Raises:
        ValueError: x not 4-D or not real; a size that is not an int (a float or a bool), below its
        minimum, or a pair not of length 2; padding > kernel_size // 2; a kernel larger than the
        padded input (an empty output).
    """
    raise NotImplementedError("ex20: implement max_pool2d")


def max_pool2d_backward(grad_out: np.ndarray, x: np.ndarray, kernel_size: IntOrPair,
                        stride: IntOrPair | None = None, padding: IntOrPair = 0) -> np.ndarray:
    """The gradient of max pooling: ∂L/∂x given grad_out = ∂L/∂out, as torch autograd computes it.

    Args:
        grad_out: real array of the forward output's shape (N, C, H_out, W_out).
        x: the forward pass's input (N, C, H, W).
        kernel_size, stride, padding: as in ``max_pool2d`` (stride=None means kernel_size).

    Returns:
        float64 array of x's shape (N, C, H, W). Ties go to the first maximum of the window in
        row-major order, as torch breaks them (see the module docstring).

    Raises:
        ValueError: everything ``max_pool2d`` rejects, and a grad_out that is not real or whose
        shape is not the forward output's.
    """
    raise NotImplementedError("ex20: implement max_pool2d_backward")


def avg_pool2d(x: np.ndarray, kernel_size: IntOrPair, stride: IntOrPair | None = None,
               padding: IntOrPair = 0) -> np.ndarray:
    """Average pooling, as ``torch.nn.functional.avg_pool2d(x, kernel_size, stride, padding)``.

    The padding is zeros and they count in the average (torch's ``count_include_pad=True``).

    Args:
        x: real array of shape (N, C, H, W) (any real dtype; computed in float64).
        kernel_size, stride, padding: as in ``max_pool2d`` (stride=None means kernel_size).

    Returns:
        float64 array of shape (N, C, H_out, W_out): the mean of each window.

    Raises:
        ValueError: as ``max_pool2d``.
    """
    raise NotImplementedError("ex20: implement avg_pool2d")


def avg_pool2d_backward(grad_out: np.ndarray, x: np.ndarray, kernel_size: IntOrPair,
                        stride: IntOrPair | None = None, padding: IntOrPair = 0) -> np.ndarray:
    """The gradient of average pooling: ∂L/∂x given grad_out = ∂L/∂out, as torch autograd computes it.

    Args:
        grad_out: real array of the forward output's shape (N, C, H_out, W_out).
        x: the forward pass's input (N, C, H, W) (only its shape matters).
        kernel_size, stride, padding: as in ``avg_pool2d`` (padding counts in the average).

    Returns:
        float64 array of x's shape (N, C, H, W).

    Raises:
        ValueError: everything ``avg_pool2d`` rejects (an empty output included, although no
        window is formed here), and a grad_out that is not real or whose shape is not the forward
        output's.
    """
    raise NotImplementedError("ex20: implement avg_pool2d_backward")


def global_pool2d(x: np.ndarray, mode: str = "avg") -> np.ndarray:
    """Global pooling: one window covering the whole H×W map of each channel.

    The same as ``torch.nn.functional.adaptive_avg_pool2d(x, 1)`` (mode "avg") or
    ``adaptive_max_pool2d(x, 1)`` (mode "max"), flattened to (N, C).

    Args:
        x: real array of shape (N, C, H, W) (any real dtype; computed in float64).
        mode: "avg" (the default, GoogLeNet's final pooling) or "max".

    Returns:
        float64 array of shape (N, C).

    Raises:
        ValueError: x not 4-D or not real; a mode other than "avg" and "max".
    """
    raise NotImplementedError("ex20: implement global_pool2d")


def global_pool2d_backward(grad_out: np.ndarray, x: np.ndarray, mode: str = "avg") -> np.ndarray:
    """The gradient of ``global_pool2d``: ∂L/∂x given grad_out = ∂L/∂out, as torch autograd computes it.

    Args:
        grad_out: real array of shape (N, C).
        x: the forward pass's input (N, C, H, W).
        mode: "avg" (the default) or "max"; with "max", ties go to the first maximum of the map in
            row-major order, as torch breaks them.

    Returns:
        float64 array of x's shape (N, C, H, W).

    Raises:
        ValueError: what ``global_pool2d`` rejects, and a grad_out not real or not of shape (N, C).
    """
    raise NotImplementedError("ex20: implement global_pool2d_backward")


def inception_output_channels(in_channels: int, ch1x1: int, ch3x3red: int | None, ch3x3: int,
                              ch5x5red: int | None, ch5x5: int, pool_proj: int | None) -> int:
    """The number of channels an Inception block outputs (its height and width are the input's).

    The arguments are the columns of GoogLeNet's table: ``#1×1, #3×3 reduce, #3×3, #5×5 reduce,
    #5×5, pool proj``, e.g. inception (3a) = (192, 64, 96, 128, 16, 32, 32). A reduction or
    projection of None means that branch has no 1×1 convolution (the "naive" block has all three
    None); see the module docstring for the four branches.

    Args:
        in_channels: channels of the input, ≥ 1.
        ch1x1, ch3x3, ch5x5: filters of the 1×1, 3×3 and 5×5 convolutions, each ≥ 1.
        ch3x3red, ch5x5red, pool_proj: filters of the 1×1 reduction / projection, ≥ 1, or None.

    Returns:
        the output channel count, an int.

    Raises:
        ValueError: a channel count that is not an int ≥ 1 (or None where None is allowed).
    """
    raise NotImplementedError("ex20: implement inception_output_channels")


def inception_param_count(in_channels: int, ch1x1: int, ch3x3red: int | None, ch3x3: int,
                          ch5x5red: int | None, ch5x5: int, pool_proj: int | None,
                          bias: bool = True) -> int:
    """The number of trainable parameters of an Inception block (the same arguments as
    ``inception_output_channels``).

    Every convolution of the block counts as ``nn.Conv2d(c_in, c_out, k, bias=bias)`` (ex08's
    parameter count), where c_in is the channel count of what that convolution actually receives.

    Args:
        in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj: as in
            ``inception_output_channels`` (None: no 1×1 reduction / projection on that branch).
        bias: whether every convolution has a bias (default True, as ``nn.Conv2d``).

    Returns:
        the parameter count, an int.

    Raises:
        ValueError: as ``inception_output_channels``.
    """
    raise NotImplementedError("ex20: implement inception_param_count")
