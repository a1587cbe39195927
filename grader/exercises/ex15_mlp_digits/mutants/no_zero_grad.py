"""Forgets optimizer.zero_grad(): every step adds its gradient to all the earlier ones."""
import torch
from torch import nn

EXPECT = "forgot_zero_grad"


def train(model, train_x, train_y, epochs):
    if train_x.ndim != 2 or train_x.shape[1] != NUM_PIXELS or train_y.shape != (train_x.shape[0],) or epochs < 1:
        raise ValueError("invalid input")
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = nn.CrossEntropyLoss()
    n = train_x.shape[0]
    model.train()
    for _ in range(epochs):
        order = torch.randperm(n)
        for start in range(0, n, 64):
            idx = order[start:start + 64]
            loss = loss_fn(model(train_x[idx]), train_y[idx])
            loss.backward()
            optimizer.step()
    return model
