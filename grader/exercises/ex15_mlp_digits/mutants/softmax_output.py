"""A Softmax layer at the end of the model, before nn.CrossEntropyLoss (which applies log-softmax itself)."""
from torch import nn

EXPECT = "softmax_before_ce"


def build_model():
    return nn.Sequential(
        nn.Linear(NUM_PIXELS, 128),
        nn.ReLU(),
        nn.Linear(128, 64),
        nn.ReLU(),
        nn.Linear(64, NUM_CLASSES),
        nn.Softmax(dim=1),
    )
