"""Shuffles with a NumPy generator of its own, made without a seed: each run visits the images in
another order, so the same submission trains differently every time the grader seeds it."""
import numpy as np
import torch
from torch import nn

EXPECT = "own_randomness"


def train(model, train_x, train_y, device, epochs):
    _check_data(train_x, train_y, epochs)
    model = model.to(device)
    x, y = train_x.to(device), train_y.to(device)
    n = len(x)
    steps_per_epoch = (n + BATCH_SIZE - 1) // BATCH_SIZE
    optimizer = torch.optim.AdamW(model.parameters(), lr=MAX_LR, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=MAX_LR, total_steps=epochs * steps_per_epoch)
    criterion = nn.CrossEntropyLoss()
    rng = np.random.default_rng()
    model.train()
    for _ in range(epochs):
        order = torch.from_numpy(rng.permutation(n)).to(device)
        for start in range(0, n, BATCH_SIZE):
            idx = order[start:start + BATCH_SIZE]
            optimizer.zero_grad()
            loss = criterion(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
            schedule.step()
    return model
