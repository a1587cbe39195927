"""Kit helpers for ex15_mlp_digits that run inside the child, next to the student's model.

The model never leaves the child: the grader holds a handle to it and calls these functions with
that handle. Data arrives as numpy arrays and is turned into tensors here; tensors go back as
numpy arrays. Nothing is graded here: these only seed, build, describe, run and time.
"""
from __future__ import annotations

import random
import sys
import time
from typing import Any

import numpy as np
import torch

MODULE = "ex15_mlp_digits"


def _student() -> Any:
    return sys.modules[MODULE]


def seed_everything(seed: int, threads: int = 1) -> None:
    """Same seed for Python, numpy and torch; a fixed number of CPU threads (results and timing)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)


def build(seed: int, threads: int = 1) -> Any:
    """Seed, then return the student's ``build_model()`` (it stays here; the grader gets a handle)."""
    seed_everything(seed, threads)
    return _student().build_model()


def describe(model: Any) -> dict[str, Any]:
    """Type, whether it is an nn.Module / nn.Sequential, its layers and parameter count."""
    is_module = isinstance(model, torch.nn.Module)
    return {
        "type": f"{type(model).__module__}.{type(model).__qualname__}",
        "is_module": is_module,
        "is_sequential": isinstance(model, torch.nn.Sequential),
        "layers": [type(m).__name__ for m in model.modules()][1:] if is_module else [],
        "parameters": int(sum(p.numel() for p in model.parameters())) if is_module else 0,
    }


def forward(model: Any, x: np.ndarray) -> Any:
    """``model(x)`` in evaluation mode without gradients; x is (N, 64), sent as float32."""
    was_training = getattr(model, "training", False)
    if isinstance(model, torch.nn.Module):
        model.eval()
    try:
        with torch.no_grad():
            return model(torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)))
    finally:
        if isinstance(model, torch.nn.Module):
            model.train(was_training)


def predict(model: Any, x: np.ndarray, batch_size: int = 512) -> np.ndarray:
    """Predicted classes (argmax of the outputs), in batches; int64 of shape (N,)."""
    parts = []
    for start in range(0, len(x), batch_size):
        out = forward(model, x[start:start + batch_size])
        if not isinstance(out, torch.Tensor):
            raise TypeError(f"the model returned a {type(out).__name__}, not a tensor")
        parts.append(out.argmax(dim=1).numpy().astype(np.int64))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def train(model: Any, x: np.ndarray, y: np.ndarray, epochs: int, seed: int, threads: int = 1) -> dict[str, Any]:
    """Seed, run the student's ``train(model, x, y, epochs)`` and report what happened.

    Returns the model it returned (a handle on the grader's side), the wall time, how many
    backward passes reached the parameters, and how many parameter gradients were computed while
    ``.grad`` still held a nonzero gradient from an earlier backward pass (no ``zero_grad``).
    """
    seed_everything(seed, threads)
    train_x = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))
    train_y = torch.from_numpy(np.ascontiguousarray(y, dtype=np.int64))
    counts = {"backward": 0, "stale": 0}
    hooks = []
    if isinstance(model, torch.nn.Module):
        params = [p for p in model.parameters() if p.requires_grad]

        def watch(p: torch.Tensor, first: bool) -> Any:
            def hook(grad: torch.Tensor) -> None:  # runs before the new gradient is added to p.grad
                if first:
                    counts["backward"] += 1
                if p.grad is not None and bool(torch.any(p.grad != 0)):
                    counts["stale"] += 1
            return hook

        hooks = [p.register_hook(watch(p, i == 0)) for i, p in enumerate(params)]
    started = time.perf_counter()
    try:
        result = _student().train(model, train_x, train_y, epochs)
    finally:
        seconds = time.perf_counter() - started
        for h in hooks:
            h.remove()
    return {"model": result, "same_object": result is model, "seconds": seconds,
            "backward_calls": counts["backward"], "stale_gradients": counts["stale"]}
