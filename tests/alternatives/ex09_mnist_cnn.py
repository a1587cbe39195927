"""A second implementation of ex09, written from the stub's docstrings alone: a narrower network of
3×3 convolutions with batch normalisation and padding (8 and 16 channels, 7×7 maps into one Linear
layer), trained by hand-written Nesterov SGD (updates under torch.no_grad, no torch.optim) with a
linearly decaying learning rate, shuffled by torch.randperm."""
from __future__ import annotations

import torch
from torch import nn


def build_model() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 8, kernel_size=3, padding=1),      # (N, 8, 28, 28)
        nn.BatchNorm2d(8),
        nn.ReLU(),
        nn.MaxPool2d(2),                                # (N, 8, 14, 14)
        nn.Conv2d(8, 16, kernel_size=3, padding=1),     # (N, 16, 14, 14)
        nn.BatchNorm2d(16),
        nn.ReLU(),
        nn.MaxPool2d(2),                                # (N, 16, 7, 7)
        nn.Flatten(),                                   # (N, 784)
        nn.Linear(16 * 7 * 7, 10),                      # logits
    )


def train(model: nn.Module, train_x: torch.Tensor, train_y: torch.Tensor, device: torch.device,
          epochs: int) -> nn.Module:
    if train_x.ndim != 4 or tuple(train_x.shape[1:]) != (1, 28, 28):
        raise ValueError(f"train_x must have shape (N, 1, 28, 28), got {tuple(train_x.shape)}")
    n = train_x.shape[0]
    if train_y.ndim != 1 or train_y.shape[0] != n:
        raise ValueError(f"train_y must hold one label per image: shape ({n},), got {tuple(train_y.shape)}")
    if epochs < 1:
        raise ValueError("epochs must be >= 1")
    model.to(device)
    x = train_x.to(device=device, dtype=torch.float32)
    y = train_y.to(device=device, dtype=torch.int64)
    loss_fn = nn.CrossEntropyLoss()
    params = [p for p in model.parameters() if p.requires_grad]
    velocity = [torch.zeros_like(p) for p in params]
    batch, mu, lr0 = 128, 0.9, 0.02
    steps_per_epoch = (n + batch - 1) // batch
    total = steps_per_epoch * epochs
    step = 0
    for _ in range(epochs):
        model.train()
        order = torch.randperm(n).to(device)
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            lr = lr0 * (1.0 - step / total)
            step += 1
            for p in params:
                p.grad = None
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            with torch.no_grad():
                for p, v in zip(params, velocity):
                    v.mul_(mu).add_(p.grad)
                    p.sub_(lr * (p.grad + mu * v))      # Nesterov
    model.eval()
    return model
