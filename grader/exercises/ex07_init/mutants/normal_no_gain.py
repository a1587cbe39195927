"""Xavier normal ignores its gain argument (std = sqrt(2 / (fan_in + fan_out)) whatever the gain)."""
import math

EXPECT = "no_gain"


def xavier_normal(shape, rng, gain=1.0):
    fan_in, fan_out = compute_fans(shape)
    return rng.normal(0.0, math.sqrt(2.0 / (fan_in + fan_out)), size=tuple(shape))
