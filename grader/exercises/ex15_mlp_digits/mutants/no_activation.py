"""No activation between the Linear layers: the "multi-layer" model is a single affine map."""
from torch import nn

EXPECT = "no_activation"


def build_model():
    return nn.Sequential(
        nn.Linear(NUM_PIXELS, 128),
        nn.Linear(128, 64),
        nn.Linear(64, NUM_CLASSES),
    )
