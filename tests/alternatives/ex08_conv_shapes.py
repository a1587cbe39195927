"""A second implementation of ex08, written from the stub's docstrings alone: output sizes by counting
window start positions one by one, the convolution accumulated one kernel offset (u, v) at a time
over strided views of the padded input."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

IntOrPair = int | tuple[int, int]


def _int(v: Any, low: int, name: str) -> int:
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)):
        raise ValueError(f"{name} must be an int, got {v!r}")
    if v < low:
        raise ValueError(f"{name} must be >= {low}, got {v}")
    return int(v)


def _pair(v: Any, low: int, name: str) -> tuple[int, int]:
    if isinstance(v, (tuple, list)):
        if len(v) != 2:
            raise ValueError(f"{name} must be an int or a pair, got {v!r}")
        return _int(v[0], low, name), _int(v[1], low, name)
    x = _int(v, low, name)
    return x, x


def _count_conv(n: int, k: int, s: int, p: int, d: int) -> int:
    span = d * (k - 1) + 1
    count = 0
    while count * s + span <= n + 2 * p:
        count += 1
    return count


def _count_pool(n: int, k: int, s: int, p: int, ceil_mode: bool) -> int:
    if not ceil_mode:
        return _count_conv(n, k, s, p, 1)
    count = 0
    # a window starting at start = count·s is kept while ceil rounding admits it and it starts
    # inside the input or the left padding
    while count * s <= n + 2 * p - k + s - 1 and count * s < n + p:
        count += 1
    return count


def conv2d_output_shape(h: int, w: int, kernel_size: IntOrPair, stride: IntOrPair = 1,
                        padding: IntOrPair = 0, dilation: IntOrPair = 1) -> tuple[int, int]:
    sizes = (_int(h, 1, "h"), _int(w, 1, "w"))
    ks, ss, ps, ds = (_pair(kernel_size, 1, "kernel_size"), _pair(stride, 1, "stride"),
                      _pair(padding, 0, "padding"), _pair(dilation, 1, "dilation"))
    out = tuple(_count_conv(sizes[a], ks[a], ss[a], ps[a], ds[a]) for a in range(2))
    if min(out) <= 0:
        raise ValueError("the dilated kernel is larger than the padded input: empty output")
    return out[0], out[1]


def pool2d_output_shape(h: int, w: int, kernel_size: IntOrPair, stride: IntOrPair | None = None,
                        padding: IntOrPair = 0, ceil_mode: bool = False) -> tuple[int, int]:
    sizes = (_int(h, 1, "h"), _int(w, 1, "w"))
    ks = _pair(kernel_size, 1, "kernel_size")
    ss = ks if stride is None else _pair(stride, 1, "stride")
    ps = _pair(padding, 0, "padding")
    for a in range(2):
        if ps[a] > ks[a] // 2:
            raise ValueError("padding must be at most kernel_size // 2")
    out = tuple(_count_pool(sizes[a], ks[a], ss[a], ps[a], bool(ceil_mode)) for a in range(2))
    if min(out) <= 0:
        raise ValueError("empty output")
    return out[0], out[1]


def conv2d_param_count(in_channels: int, out_channels: int, kernel_size: IntOrPair, bias: bool = True) -> int:
    c = _int(in_channels, 1, "in_channels")
    f = _int(out_channels, 1, "out_channels")
    kh, kw = _pair(kernel_size, 1, "kernel_size")
    total = 0
    for _ in range(f):
        total += c * kh * kw
        if bias:
            total += 1
    return total


_CONV_KEYS = {"out_channels", "kernel_size", "stride", "padding", "dilation", "in_channels"}
_POOL_KEYS = {"kernel_size", "stride", "padding", "ceil_mode"}


def flatten_size(input_shape: Sequence[int], layers: list[tuple[str, dict[str, Any]]]) -> int:
    shape = tuple(input_shape)
    if len(shape) != 3:
        raise ValueError("input_shape must be (C, H, W)")
    c, h, w = (_int(v, 1, "input_shape") for v in shape)
    for kind, params in layers:
        params = dict(params)
        if kind == "conv":
            allowed, required = _CONV_KEYS, ("out_channels", "kernel_size")
        elif kind == "pool":
            allowed, required = _POOL_KEYS, ("kernel_size",)
        else:
            raise ValueError(f"unknown layer kind {kind!r}")
        unknown = set(params) - allowed
        if unknown:
            raise ValueError(f"unknown keys {sorted(unknown)} for {kind}")
        for key in required:
            if key not in params:
                raise ValueError(f"{kind} needs {key!r}")
        if kind == "conv":
            if "in_channels" in params and params["in_channels"] != c:
                raise ValueError(f"in_channels {params['in_channels']} != {c}")
            h, w = conv2d_output_shape(h, w, params["kernel_size"], params.get("stride", 1),
                                       params.get("padding", 0), params.get("dilation", 1))
            c = _int(params["out_channels"], 1, "out_channels")
        else:
            h, w = pool2d_output_shape(h, w, params["kernel_size"], params.get("stride"),
                                       params.get("padding", 0), params.get("ceil_mode", False))
    return int(c * h * w)


def conv2d_forward(x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None,
                   stride: IntOrPair = 1, padding: IntOrPair = 0) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    weight = np.asarray(weight, dtype=float)
    if x.ndim != 4 or weight.ndim != 4:
        raise ValueError(f"x and weight must be 4-D, got {x.shape} and {weight.shape}")
    n, c, h, w = x.shape
    f, cw, kh, kw = weight.shape
    if c != cw:
        raise ValueError(f"x has {c} channels, weight {cw}")
    if bias is not None:
        bias = np.asarray(bias, dtype=float)
        if bias.shape != (f,):
            raise ValueError(f"bias must have shape ({f},), got {bias.shape}")
    sh, sw = _pair(stride, 1, "stride")
    ph, pw = _pair(padding, 0, "padding")
    ho, wo = conv2d_output_shape(h, w, (kh, kw), (sh, sw), (ph, pw))
    xp = np.zeros((n, c, h + 2 * ph, w + 2 * pw))
    xp[:, :, ph:ph + h, pw:pw + w] = x
    out = np.zeros((n, f, ho, wo))
    for u in range(kh):
        for v in range(kw):
            view = xp[:, :, u:u + sh * (ho - 1) + 1:sh, v:v + sw * (wo - 1) + 1:sw]   # (N, C, Ho, Wo)
            out += np.tensordot(view, weight[:, :, u, v], axes=([1], [1])).transpose(0, 3, 1, 2)
    if bias is not None:
        out += bias[None, :, None, None]
    return out
