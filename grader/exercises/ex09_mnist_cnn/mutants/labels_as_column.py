"""Reshapes the labels into a column (B, 1), as the course's BCELoss example does with
y_data = xy[:, [-1]]; nn.CrossEntropyLoss wants class indices of shape (B,)."""
import torch
from torch import nn

EXPECT = "labels_shape"


def train(model, train_x, train_y, device, epochs):
    _check_data(train_x, train_y, epochs)
    model = model.to(device)
    x, y = train_x.to(device), train_y.to(device).view(-1, 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    criterion = nn.CrossEntropyLoss()
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(x)).to(device)
        for start in range(0, len(x), 64):
            idx = order[start:start + 64]
            optimizer.zero_grad()
            loss = criterion(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
    return model
