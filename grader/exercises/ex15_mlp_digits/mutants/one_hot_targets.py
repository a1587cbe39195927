"""Converts the labels to one-hot vectors for nn.CrossEntropyLoss (F.one_hot: int64 of shape (B, 10))
instead of passing the class indices."""
import torch
import torch.nn.functional as F
from torch import nn

EXPECT = "ce_targets"


def train(model, train_x, train_y, epochs):
    if train_x.ndim != 2 or train_x.shape[1] != NUM_PIXELS or train_y.shape != (train_x.shape[0],) or epochs < 1:
        raise ValueError("invalid input")
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = nn.CrossEntropyLoss()
    n = train_x.shape[0]
    for _ in range(epochs):
        order = torch.randperm(n)
        for start in range(0, n, 64):
            idx = order[start:start + 64]
            optimizer.zero_grad()
            loss = loss_fn(model(train_x[idx]), F.one_hot(train_y[idx], NUM_CLASSES))
            loss.backward()
            optimizer.step()
    return model
