"""The classifier sized for 5×5 feature maps (20 · 5 · 5 = 500) instead of 4×4: the 320 mismatch.

Forgets that a 5×5 convolution of a 12×12 map gives 12 − 5 + 1 = 8, not 10."""
import torch
from torch import nn

EXPECT = "flatten_size"


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.mp = nn.MaxPool2d(2)
        self.fc = nn.Linear(500, 10)

    def forward(self, x):
        in_size = x.size(0)
        x = torch.relu(self.mp(self.conv1(x)))
        x = torch.relu(self.mp(self.conv2(x)))
        x = x.view(in_size, -1)
        return self.fc(x)


def build_model():
    return Net()
