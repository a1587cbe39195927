"""He normal without the ReLU gain √2: std = 1 / sqrt(fan_in)."""
import math

EXPECT = "he_no_relu_gain"


def he_normal(shape, rng):
    fan_in, _ = compute_fans(shape)
    return rng.normal(0.0, 1.0 / math.sqrt(fan_in), size=tuple(shape))
