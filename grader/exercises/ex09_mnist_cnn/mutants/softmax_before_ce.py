"""A softmax at the end of the model, then nn.CrossEntropyLoss (which applies log-softmax again)."""
from torch import nn

EXPECT = "softmax_before_ce"


def build_model():
    return nn.Sequential(
        nn.Conv2d(1, 16, kernel_size=5), nn.BatchNorm2d(16), nn.MaxPool2d(2), nn.ReLU(),
        nn.Conv2d(16, 32, kernel_size=5), nn.BatchNorm2d(32), nn.MaxPool2d(2), nn.ReLU(),
        nn.Flatten(), nn.Dropout(0.1), nn.Linear(32 * 4 * 4, 10),
        nn.Softmax(dim=1),
    )
