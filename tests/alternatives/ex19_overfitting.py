"""A second implementation of ex19, written from the stub's docstrings alone: early stopping by
the distance to the best epoch, decay folded into a shrink factor, np.pad for the shift, draws for
the whole batch at once, the chain's gradients as products of local factors, np.linalg.norm."""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _finite_non_negative(*values: float) -> None:
    for v in values:
        if not math.isfinite(float(v)) or v < 0:
            raise ValueError("expected a finite number >= 0")


def early_stopping(val_losses: Sequence[float], patience: int, min_delta: float = 0.0) -> tuple[int, int]:
    losses = np.asarray(val_losses, dtype=np.float64)
    if losses.size == 0 or not np.isfinite(losses).all():
        raise ValueError("need at least one finite loss")
    if not _is_int(patience) or patience < 1:
        raise ValueError("patience must be an int >= 1")
    if math.isnan(min_delta) or min_delta < 0:
        raise ValueError("min_delta must be >= 0")
    best = 0
    for epoch in range(1, losses.size):
        if losses[epoch] < losses[best] - min_delta:
            best = epoch
        elif epoch - best >= patience:  # every epoch since the best one failed to improve
            return best, epoch
    return best, losses.size - 1


def sgd_step(param: np.ndarray, grad: np.ndarray, state: dict, lr: float, momentum: float = 0.0,
             weight_decay: float = 0.0) -> tuple[np.ndarray, dict]:
    p, g = np.array(param, dtype=np.float64), np.array(grad, dtype=np.float64)
    if p.shape != g.shape or not isinstance(state, dict):
        raise ValueError("param and grad must match and state must be a dict")
    _finite_non_negative(lr, momentum, weight_decay)
    if momentum == 0:
        return p * (1 - lr * weight_decay) - lr * g, {}
    d = g + weight_decay * p
    buf = d if "b" not in state else momentum * state["b"] + d
    return p - lr * buf, {"b": buf}


def hflip(images: np.ndarray) -> np.ndarray:
    images = np.asarray(images)
    if images.ndim < 2:
        raise ValueError("images need (..., H, W)")
    return np.flip(images, axis=-1).copy()


def shift(images: np.ndarray, dy: int, dx: int) -> np.ndarray:
    images = np.asarray(images)
    if images.ndim < 2 or not _is_int(dy) or not _is_int(dx):
        raise ValueError("images need (..., H, W) and dy, dx must be ints")
    H, W = images.shape[-2:]
    a, b = min(abs(dy), H), min(abs(dx), W)
    padded = np.pad(images, [(0, 0)] * (images.ndim - 2) + [(a, a), (b, b)])
    top, left = a - int(np.clip(dy, -H, H)), b - int(np.clip(dx, -W, W))
    return padded[..., top:top + H, left:left + W].copy()


def augment(images: np.ndarray, labels: np.ndarray, rng: np.random.Generator, flip_prob: float = 0.5,
            max_shift: int = 2) -> tuple[np.ndarray, np.ndarray]:
    images, labels = np.asarray(images), np.asarray(labels)
    if images.ndim < 3 or labels.shape != (images.shape[0],):
        raise ValueError("images need (N, H, W) or (N, C, H, W) and labels (N,)")
    if math.isnan(flip_prob) or not 0 <= flip_prob <= 1 or not _is_int(max_shift) or max_shift < 0:
        raise ValueError("flip_prob must lie in [0, 1] and max_shift be an int >= 0")
    N = images.shape[0]
    flips = rng.random(N) < flip_prob
    moves = rng.integers(-max_shift, max_shift, size=(N, 2), endpoint=True)
    out = np.stack([shift(hflip(x) if f else x, int(m[0]), int(m[1])) for x, f, m in zip(images, flips, moves)]) \
        if N else images.copy()
    return out.astype(images.dtype, copy=False), labels.copy()


def chain_gradients(x: float, weights: np.ndarray, activation: str = "sigmoid") -> tuple[float, np.ndarray]:
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1 or len(w) < 1:
        raise ValueError("weights must have shape (L,), L >= 1")
    if activation not in ("sigmoid", "tanh", "relu"):
        raise ValueError("unknown activation")
    h = [float(x)]
    slopes = []  # f'(z_l)
    for wl in w:
        z = wl * h[-1]
        if activation == "sigmoid":
            out = 0.5 * (1 + math.tanh(z / 2))
            slopes.append(out * (1 - out))
        elif activation == "tanh":
            out = math.tanh(z)
            slopes.append(1 - out**2)
        else:
            out = z if z > 0 else 0.0
            slopes.append(1.0 if z > 0 else 0.0)
        h.append(out)
    local = w * np.array(slopes)  # ∂h_l/∂h_{l−1}
    after = np.append(np.cumprod(local[::-1])[::-1][1:], 1.0)  # ∂h_L/∂h_l for l = 1 … L
    dw = after * np.array(slopes) * np.array(h[:-1])
    return float(np.prod(local)), dw


def clip_grad_norm(grads: Sequence[np.ndarray], max_norm: float,
                   norm_type: float = 2.0) -> tuple[list[np.ndarray], float]:
    if math.isnan(max_norm) or max_norm < 0 or not norm_type > 0:
        raise ValueError("max_norm must be >= 0 and norm_type > 0")
    arrays = [np.array(g, dtype=np.float64) for g in grads]
    if not arrays:
        return [], 0.0
    total = float(np.linalg.norm(np.concatenate([a.reshape(-1) for a in arrays]), ord=norm_type))
    if total > max_norm:
        arrays = [a * (max_norm / total) for a in arrays]
    return arrays, total


def clip_grad_value(grads: Sequence[np.ndarray], clip_value: float) -> list[np.ndarray]:
    if math.isnan(clip_value) or clip_value < 0:
        raise ValueError("clip_value must be >= 0")
    return [np.minimum(np.maximum(np.asarray(g, dtype=np.float64), -clip_value), clip_value) for g in grads]
