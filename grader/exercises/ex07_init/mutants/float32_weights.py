"""Casts the He weights to float32 (the dtype of torch's default tensors) instead of returning float64."""
import math

import numpy as np

EXPECT = "not_float64"


def he_normal(shape, rng):
    fan_in, _ = compute_fans(shape)
    return rng.normal(0.0, math.sqrt(2.0 / fan_in), size=tuple(shape)).astype(np.float32)
