"""Never calls model.train(): a model handed over in evaluation mode trains with dropout off and
batch normalisation frozen on its running statistics."""
import torch
from torch import nn

EXPECT = "no_train_mode"


def train(model, train_x, train_y, device, epochs):
    _check_data(train_x, train_y, epochs)
    model = model.to(device)
    x, y = train_x.to(device), train_y.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    criterion = nn.CrossEntropyLoss()
    for _ in range(epochs):
        order = torch.randperm(len(x)).to(device)
        for start in range(0, len(x), 64):
            idx = order[start:start + 64]
            optimizer.zero_grad()
            loss = criterion(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
    return model
