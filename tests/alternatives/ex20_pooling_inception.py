"""A second, independent solution of ex20, written from the stub's docstrings alone.

Where the reference slides strided views and scatters with ``np.add.at``, this one walks every
window with plain loops, scans each window for its first maximum with a strict ``>``, and counts the
Inception block layer by layer from a list of (c_in, c_out, k) convolutions.
"""
from __future__ import annotations

import math

import numpy as np

IntOrPair = int | tuple[int, int]


def _two(value, name: str, low: int) -> tuple[int, int]:
    items = list(value) if isinstance(value, (tuple, list)) else [value, value]
    if len(items) != 2:
        raise ValueError(f"{name}: expected an int or a pair, got {value!r}")
    for v in items:
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < low:
            raise ValueError(f"{name}: expected ints >= {low}, got {value!r}")
    return int(items[0]), int(items[1])


def _real4d(x, name: str = "x") -> np.ndarray:
    a = np.asarray(x)
    if not (np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.floating) or a.dtype == bool):
        raise ValueError(f"{name}: real numbers expected, got {a.dtype}")
    if a.ndim != 4:
        raise ValueError(f"{name}: expected (N, C, H, W), got {a.shape}")
    return np.array(a, dtype=np.float64)


def _setup(x, kernel_size, stride, padding):
    x = _real4d(x)
    kh, kw = _two(kernel_size, "kernel_size", 1)
    sh, sw = (kh, kw) if stride is None else _two(stride, "stride", 1)
    ph, pw = _two(padding, "padding", 0)
    if 2 * ph > kh or 2 * pw > kw:
        raise ValueError("padding may be at most kernel_size // 2")
    h, w = x.shape[2], x.shape[3]
    if h + 2 * ph < kh or w + 2 * pw < kw:
        raise ValueError("the kernel does not fit in the padded input")
    ho = math.floor((h + 2 * ph - kh) / sh) + 1
    wo = math.floor((w + 2 * pw - kw) / sw) + 1
    return x, (kh, kw), (sh, sw), (ph, pw), (ho, wo)


def _cells(i, j, k, s, p, h, w):
    """The real (unpadded) input positions of window (i, j), in row-major order, and how many
    positions the window has in all."""
    cells = []
    for u in range(k[0]):
        for v in range(k[1]):
            r, c = i * s[0] + u - p[0], j * s[1] + v - p[1]
            if 0 <= r < h and 0 <= c < w:
                cells.append((r, c))
    return cells


def _check_grad(grad_out, shape):
    g = np.asarray(grad_out)
    if g.shape != tuple(shape) or not (np.issubdtype(g.dtype, np.integer) or np.issubdtype(g.dtype, np.floating)):
        raise ValueError(f"grad_out must have shape {tuple(shape)}, got {g.shape}")
    return np.array(g, dtype=np.float64)


def _argmax_first(x2d, cells):
    best, where = None, None
    for r, c in cells:
        if best is None or x2d[r, c] > best:
            best, where = x2d[r, c], (r, c)
    return best, where


def max_pool2d(x: np.ndarray, kernel_size: IntOrPair, stride: IntOrPair | None = None,
               padding: IntOrPair = 0) -> np.ndarray:
    x, k, s, p, (ho, wo) = _setup(x, kernel_size, stride, padding)
    n, c, h, w = x.shape
    out = np.empty((n, c, ho, wo))
    for a in range(n):
        for b in range(c):
            for i in range(ho):
                for j in range(wo):
                    out[a, b, i, j] = _argmax_first(x[a, b], _cells(i, j, k, s, p, h, w))[0]
    return out


def max_pool2d_backward(grad_out: np.ndarray, x: np.ndarray, kernel_size: IntOrPair,
                        stride: IntOrPair | None = None, padding: IntOrPair = 0) -> np.ndarray:
    x, k, s, p, (ho, wo) = _setup(x, kernel_size, stride, padding)
    n, c, h, w = x.shape
    g = _check_grad(grad_out, (n, c, ho, wo))
    dx = np.zeros_like(x)
    for a in range(n):
        for b in range(c):
            for i in range(ho):
                for j in range(wo):
                    r, col = _argmax_first(x[a, b], _cells(i, j, k, s, p, h, w))[1]
                    dx[a, b, r, col] += g[a, b, i, j]
    return dx


def avg_pool2d(x: np.ndarray, kernel_size: IntOrPair, stride: IntOrPair | None = None,
               padding: IntOrPair = 0) -> np.ndarray:
    x, k, s, p, (ho, wo) = _setup(x, kernel_size, stride, padding)
    n, c, h, w = x.shape
    out = np.zeros((n, c, ho, wo))
    for i in range(ho):
        for j in range(wo):
            total = np.zeros((n, c))
            for r, col in _cells(i, j, k, s, p, h, w):
                total += x[:, :, r, col]
            out[:, :, i, j] = total / (k[0] * k[1])  # padded zeros count in the average
    return out


def avg_pool2d_backward(grad_out: np.ndarray, x: np.ndarray, kernel_size: IntOrPair,
                        stride: IntOrPair | None = None, padding: IntOrPair = 0) -> np.ndarray:
    x, k, s, p, (ho, wo) = _setup(x, kernel_size, stride, padding)
    n, c, h, w = x.shape
    g = _check_grad(grad_out, (n, c, ho, wo))
    dx = np.zeros_like(x)
    for i in range(ho):
        for j in range(wo):
            for r, col in _cells(i, j, k, s, p, h, w):
                dx[:, :, r, col] += g[:, :, i, j] / (k[0] * k[1])
    return dx


def _mode(mode: str) -> str:
    if mode != "avg" and mode != "max":
        raise ValueError(f"unknown mode {mode!r}")
    return mode


def global_pool2d(x: np.ndarray, mode: str = "avg") -> np.ndarray:
    _mode(mode)
    x = _real4d(x)
    n, c, h, w = x.shape
    flat = x.reshape(n, c, h * w)
    return flat.sum(axis=2) / (h * w) if mode == "avg" else flat.max(axis=2)


def global_pool2d_backward(grad_out: np.ndarray, x: np.ndarray, mode: str = "avg") -> np.ndarray:
    _mode(mode)
    x = _real4d(x)
    n, c, h, w = x.shape
    g = _check_grad(grad_out, (n, c))
    dx = np.zeros_like(x)
    everywhere = [(r, col) for r in range(h) for col in range(w)]
    for a in range(n):
        for b in range(c):
            if mode == "avg":
                dx[a, b] = g[a, b] / (h * w)
            else:
                r, col = _argmax_first(x[a, b], everywhere)[1]
                dx[a, b, r, col] = g[a, b]
    return dx


def _count(name: str, value, none_ok: bool = False):
    if value is None and none_ok:
        return None
    if type(value) is bool or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


def _layers(in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj):
    """Each branch as its list of convolutions (c_in, c_out, k), and the branch's output channels."""
    c = _count("in_channels", in_channels)
    c1, c3, c5 = _count("ch1x1", ch1x1), _count("ch3x3", ch3x3), _count("ch5x5", ch5x5)
    r3, r5 = _count("ch3x3red", ch3x3red, True), _count("ch5x5red", ch5x5red, True)
    proj = _count("pool_proj", pool_proj, True)
    branches = [[(c, c1, 1)]]
    for reduce, filters, k in ((r3, c3, 3), (r5, c5, 5)):
        branch, channels = [], c
        if reduce is not None:
            branch.append((channels, reduce, 1))
            channels = reduce
        branch.append((channels, filters, k))
        branches.append(branch)
    branches.append([] if proj is None else [(c, proj, 1)])  # after the parameter-free max pooling
    outputs = [branch[-1][1] if branch else c for branch in branches]
    return branches, outputs


def inception_output_channels(in_channels: int, ch1x1: int, ch3x3red: int | None, ch3x3: int,
                              ch5x5red: int | None, ch5x5: int, pool_proj: int | None) -> int:
    _, outputs = _layers(in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj)
    return int(sum(outputs))


def inception_param_count(in_channels: int, ch1x1: int, ch3x3red: int | None, ch3x3: int,
                          ch5x5red: int | None, ch5x5: int, pool_proj: int | None,
                          bias: bool = True) -> int:
    branches, _ = _layers(in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj)
    total = 0
    for branch in branches:
        for c_in, c_out, k in branch:
            total += c_in * k * k * c_out
            if bias:
                total += c_out
    return total
