"""A second implementation of ex15, written from the stub's docstrings alone: an ELU hidden layer,
training by hand-written SGD with momentum (parameter updates under torch.no_grad, no torch.optim),
mini-batches from torch.randperm."""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

NUM_PIXELS = 64
NUM_CLASSES = 10


def preprocess(images: np.ndarray) -> np.ndarray:
    a = np.asarray(images)
    if a.ndim != 2 or a.shape[1] != NUM_PIXELS:
        raise ValueError(f"images must have shape (N, {NUM_PIXELS}), got {a.shape}")
    a = a.astype(np.float64)
    if not np.all((a >= 0) & (a <= 16)):
        raise ValueError("pixel counts must lie in [0, 16]")
    return np.divide(a, 16.0).astype(np.float32)


def build_model() -> nn.Module:
    return nn.Sequential(nn.Linear(NUM_PIXELS, 128), nn.ELU(), nn.Linear(128, NUM_CLASSES))


def train(model: nn.Module, train_x: torch.Tensor, train_y: torch.Tensor, epochs: int) -> nn.Module:
    if train_x.ndim != 2 or train_x.shape[1] != NUM_PIXELS:
        raise ValueError(f"train_x must have shape (N, {NUM_PIXELS}), got {tuple(train_x.shape)}")
    n = train_x.shape[0]
    if tuple(train_y.shape) != (n,):
        raise ValueError(f"train_y must have shape ({n},), got {tuple(train_y.shape)}")
    if epochs < 1:
        raise ValueError("epochs must be >= 1")
    x = train_x.float()
    y = train_y.long()
    loss_fn = nn.CrossEntropyLoss()
    params = [p for p in model.parameters() if p.requires_grad]
    velocity = [torch.zeros_like(p) for p in params]
    lr, mu, batch = 0.1, 0.9, 32
    model.train()
    for _ in range(epochs):
        order = torch.randperm(n)
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            for p in params:
                p.grad = None
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            with torch.no_grad():
                for p, v in zip(params, velocity):
                    v.mul_(mu).add_(p.grad)
                    p.sub_(lr * v)
    model.eval()
    return model
