# exercise: ex15
# item: extra
# verdict: the loop never calls zero_grad and, at import, replaces torch.any, torch.Tensor.__ne__ and torch.is_grad_enabled (lying only to the kit's helpers) and the torch that sys.modules["helpers_training"] uses, to hide the gradients left in .grad; the watch is bound before the import, so the stale gradients are still seen and the zero_grad test fails
# expect_score: 10
# max_score_granted: honest
# must_fail: gradients_are_zeroed_each_step
# expect_message: were still in .grad
# budget_s: 0
# layers: bubblewrap unshare rlimits
"""Forget ``optimizer.zero_grad()`` and forge the evidence that would show it.

The child's training helper counts a gradient as stale when ``.grad`` still holds a nonzero value
as the next one arrives. This file, at import, makes every function that check could call lie, but
only to callers in the kit's helper modules (so the student's own training is unchanged):

* ``torch.any`` answers False, ``torch.Tensor.__ne__`` all False, ``torch.is_grad_enabled`` False;
* ``sys.modules["helpers_training"].torch`` (when that entry exists) is a stand-in for torch whose
  ``any`` answers False.

The helpers bind what they call when they load, before the student's module, and are loaded as
private modules that no ``sys.modules`` entry names: none of this reaches them.
"""
from __future__ import annotations

import sys
import types

import numpy as np
import torch
from torch import nn

_real_any, _real_ne, _real_grad_enabled = torch.any, torch.Tensor.__ne__, torch.is_grad_enabled


def _from_helper() -> bool:
    caller = sys._getframe(2).f_globals.get("__name__", "")
    return caller.startswith("helpers_")


def _any(*args, **kwargs):
    return torch.tensor(False) if _from_helper() else _real_any(*args, **kwargs)


def _ne(self, other):
    return torch.zeros_like(_real_ne(self, other), dtype=torch.bool) if _from_helper() else _real_ne(self, other)


def _grad_enabled():
    return False if _from_helper() else _real_grad_enabled()


torch.any = _any
torch.Tensor.__ne__ = _ne
torch.is_grad_enabled = _grad_enabled
_helper = sys.modules.get("helpers_training")
if _helper is not None:
    _fake = types.SimpleNamespace(**{k: getattr(torch, k) for k in dir(torch) if not k.startswith("__")})
    _fake.any = lambda *a, **k: torch.tensor(False)
    _helper.torch = _fake


NUM_PIXELS = 64
NUM_CLASSES = 10


def preprocess(images: np.ndarray) -> np.ndarray:
    """Scale pixel counts to [0, 1]: x = images / 16, as float32.

    Args:
        images: array of shape (N, 64), pixel counts 0..16 (integers or floats).

    Returns:
        float32 array of shape (N, 64) with values in [0, 1].

    Raises:
        ValueError: if images is not (N, 64) or a value lies outside [0, 16].
    """
    images = np.asarray(images)
    if images.ndim != 2 or images.shape[1] != NUM_PIXELS:
        raise ValueError(f"images must have shape (N, {NUM_PIXELS}), got {images.shape}")
    if images.size and (np.min(images) < 0 or np.max(images) > 16):
        raise ValueError("pixel counts must lie in [0, 16]")
    return (images / 16.0).astype(np.float32)


def build_model() -> nn.Module:
    """A multi-layer perceptron as ``nn.Sequential``: input (N, 64) in [0, 1] → logits (N, 10).

    At least one hidden layer with a non-linear activation (e.g. ReLU) between Linear layers,
    and NO softmax at the end (``nn.CrossEntropyLoss`` includes it).
    """
    return nn.Sequential(
        nn.Linear(NUM_PIXELS, 128),
        nn.ReLU(),
        nn.Linear(128, 64),
        nn.ReLU(),
        nn.Linear(64, NUM_CLASSES),
    )


def train(model: nn.Module, train_x: torch.Tensor, train_y: torch.Tensor, epochs: int) -> nn.Module:
    """Train ``model`` in place with mini-batch gradient descent and return it.

    Args:
        model: the module from ``build_model()``.
        train_x: float32 tensor of shape (N, 64), pixel / 16.
        train_y: int64 tensor of shape (N,), class indices 0..9.
        epochs: number of passes over the training data (≥ 1).

    Returns:
        the trained model (the same object).

    Raises:
        ValueError: if train_x is not (N, 64), train_y is not (N,), or epochs < 1.
    """
    if train_x.ndim != 2 or train_x.shape[1] != NUM_PIXELS:
        raise ValueError(f"train_x must have shape (N, {NUM_PIXELS}), got {tuple(train_x.shape)}")
    if train_y.ndim != 1 or train_y.shape[0] != train_x.shape[0]:
        raise ValueError(f"train_y must have shape ({train_x.shape[0]},), got {tuple(train_y.shape)}")
    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, got {epochs}")
    batch_size = 64
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = nn.CrossEntropyLoss()
    n = train_x.shape[0]
    model.train()
    for _ in range(epochs):
        order = torch.randperm(n)
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            loss = loss_fn(model(train_x[idx]), train_y[idx])
            loss.backward()
            optimizer.step()
    return model
