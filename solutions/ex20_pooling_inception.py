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

# BEGIN SOLUTION


def _pair(value: Any, name: str, minimum: int) -> tuple[int, int]:
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair (h, w), got {value!r}")
        pair = tuple(value)
    else:
        pair = (value, value)
    for v in pair:
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise ValueError(f"{name} must hold ints, got {value!r}")
        if v < minimum:
            raise ValueError(f"{name} must be at least {minimum}, got {value!r}")
    return int(pair[0]), int(pair[1])


def _as_maps(x: Any, name: str = "x") -> np.ndarray:
    arr = np.asarray(x)
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    if arr.ndim != 4:
        raise ValueError(f"{name} must have shape (N, C, H, W), got shape {arr.shape}")
    return arr.astype(np.float64)


def _geometry(x: Any, kernel_size: IntOrPair, stride: IntOrPair | None, padding: IntOrPair):
    """x as float64 and (kh, kw), (sh, sw), (ph, pw), (h_out, w_out) — or ValueError."""
    x = _as_maps(x)
    k = _pair(kernel_size, "kernel_size", 1)
    s = k if stride is None else _pair(stride, "stride", 1)
    p = _pair(padding, "padding", 0)
    for axis in (0, 1):
        if p[axis] > k[axis] // 2:
            raise ValueError(f"padding must be at most kernel_size // 2 on each axis, got padding {p} "
                             f"for kernel_size {k}")
    h, w = x.shape[2:]
    out = tuple((n + 2 * p[a] - k[a]) // s[a] + 1 for a, n in enumerate((h, w)))
    if min(h + 2 * p[0] - k[0], w + 2 * p[1] - k[1]) < 0:
        raise ValueError(f"the output would be empty: input {h}×{w} with padding {p} is smaller than "
                         f"the kernel {k[0]}×{k[1]}")
    return x, k, s, p, out


def _windows(xp: np.ndarray, k, s, out) -> np.ndarray:
    """A view (N, C, h_out, w_out, kh, kw) of every window of the padded input."""
    view = np.lib.stride_tricks.sliding_window_view(xp, k, axis=(2, 3))
    return view[:, :, :s[0] * (out[0] - 1) + 1:s[0], :s[1] * (out[1] - 1) + 1:s[1]]


def _grad_out(grad_out: Any, shape: tuple[int, ...]) -> np.ndarray:
    g = np.asarray(grad_out)
    if g.dtype.kind not in "biuf" or g.shape != shape:
        raise ValueError(f"grad_out must be a real array of the output's shape {shape}, got "
                         f"shape {g.shape} and dtype {g.dtype}")
    return g.astype(np.float64)


def _pad(x: np.ndarray, p, value: float) -> np.ndarray:
    return np.pad(x, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])), constant_values=value)


def _channels(name: str, value: Any, optional: bool = False) -> int | None:
    if optional and value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be an int ≥ 1{' or None' if optional else ''}, got {value!r}")
    return int(value)


def _inception(in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj):
    return (_channels("in_channels", in_channels), _channels("ch1x1", ch1x1),
            _channels("ch3x3red", ch3x3red, True), _channels("ch3x3", ch3x3),
            _channels("ch5x5red", ch5x5red, True), _channels("ch5x5", ch5x5),
            _channels("pool_proj", pool_proj, True))


def _conv_params(c_in: int, c_out: int, k: int, bias: bool) -> int:
    return c_out * c_in * k * k + (c_out if bias else 0)
# END SOLUTION


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
    # BEGIN SOLUTION
    x, k, s, p, out = _geometry(x, kernel_size, stride, padding)
    return _windows(_pad(x, p, -np.inf), k, s, out).max(axis=(4, 5))
    # END SOLUTION


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
    # BEGIN SOLUTION
    x, k, s, p, out = _geometry(x, kernel_size, stride, padding)
    n, c = x.shape[:2]
    g = _grad_out(grad_out, (n, c, *out))
    windows = _windows(_pad(x, p, -np.inf), k, s, out).reshape(n, c, *out, k[0] * k[1])
    first = windows.argmax(axis=-1)  # np.argmax returns the first of equal maxima: torch's choice
    rows = np.arange(out[0])[:, None] * s[0] + first // k[1]
    cols = np.arange(out[1])[None, :] * s[1] + first % k[1]
    dxp = np.zeros((n, c, x.shape[2] + 2 * p[0], x.shape[3] + 2 * p[1]))
    ni, ci = np.indices((n, c, *out))[:2]
    np.add.at(dxp, (ni, ci, rows, cols), g)  # add.at: an input that wins several windows gets each share
    return dxp[:, :, p[0]:p[0] + x.shape[2], p[1]:p[1] + x.shape[3]]
    # END SOLUTION


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
    # BEGIN SOLUTION
    x, k, s, p, out = _geometry(x, kernel_size, stride, padding)
    return _windows(_pad(x, p, 0.0), k, s, out).mean(axis=(4, 5))
    # END SOLUTION


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
    # BEGIN SOLUTION
    x, k, s, p, out = _geometry(x, kernel_size, stride, padding)
    n, c, h, w = x.shape
    share = _grad_out(grad_out, (n, c, *out)) / (k[0] * k[1])
    dxp = np.zeros((n, c, h + 2 * p[0], w + 2 * p[1]))
    for u in range(k[0]):  # one kernel offset at a time: a strided slice gets its share of every window
        for v in range(k[1]):
            dxp[:, :, u:u + s[0] * (out[0] - 1) + 1:s[0], v:v + s[1] * (out[1] - 1) + 1:s[1]] += share
    return dxp[:, :, p[0]:p[0] + h, p[1]:p[1] + w]
    # END SOLUTION


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
    # BEGIN SOLUTION
    if mode not in ("avg", "max"):
        raise ValueError(f"mode must be 'avg' or 'max', got {mode!r}")
    x = _as_maps(x)
    return x.mean(axis=(2, 3)) if mode == "avg" else x.max(axis=(2, 3))
    # END SOLUTION


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
    # BEGIN SOLUTION
    if mode not in ("avg", "max"):
        raise ValueError(f"mode must be 'avg' or 'max', got {mode!r}")
    x = _as_maps(x)
    n, c, h, w = x.shape
    g = _grad_out(grad_out, (n, c))
    if mode == "avg":
        return np.broadcast_to(g[:, :, None, None] / (h * w), x.shape).copy()
    first = x.reshape(n, c, h * w).argmax(axis=-1)
    dx = np.zeros((n, c, h * w))
    np.put_along_axis(dx, first[:, :, None], g[:, :, None], axis=-1)
    return dx.reshape(x.shape)
    # END SOLUTION


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
    # BEGIN SOLUTION
    c, c1, _, c3, _, c5, proj = _inception(in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj)
    return c1 + c3 + c5 + (c if proj is None else proj)
    # END SOLUTION


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
    # BEGIN SOLUTION
    c, c1, r3, c3, r5, c5, proj = _inception(in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj)
    total = _conv_params(c, c1, 1, bias)
    for reduce, filters, k in ((r3, c3, 3), (r5, c5, 5)):
        if reduce is None:
            total += _conv_params(c, filters, k, bias)
        else:
            total += _conv_params(c, reduce, 1, bias) + _conv_params(reduce, filters, k, bias)
    if proj is not None:
        total += _conv_params(c, proj, 1, bias)
    return total
    # END SOLUTION
