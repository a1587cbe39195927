"""Checks the training accuracy after each epoch with model.eval() and never switches back with
model.train(): every epoch after the first trains in evaluation mode."""
import torch
from torch import nn

EXPECT = "eval_not_undone"


def train(model, train_x, train_y, device, epochs):
    _check_data(train_x, train_y, epochs)
    model = model.to(device)
    x, y = train_x.to(device), train_y.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    criterion = nn.CrossEntropyLoss()
    model.train()
    for epoch in range(epochs):
        order = torch.randperm(len(x)).to(device)
        for start in range(0, len(x), 64):
            idx = order[start:start + 64]
            optimizer.zero_grad()
            loss = criterion(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            accuracy = (model(x[:1000]).argmax(dim=1) == y[:1000]).float().mean().item()
        print(f"epoch {epoch + 1}: training accuracy {accuracy:.3f}")
    return model
