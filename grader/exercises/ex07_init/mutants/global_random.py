"""Draws from numpy's global generator (np.random.randn) instead of the rng argument."""
import math

import numpy as np

EXPECT = "ignores_rng"


def he_normal(shape, rng):
    fan_in, _ = compute_fans(shape)
    return np.random.randn(*shape) * math.sqrt(2.0 / fan_in)
