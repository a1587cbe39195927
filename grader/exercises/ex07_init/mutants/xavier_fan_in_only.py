"""Xavier initialisation from fan_in alone (std = gain / sqrt(fan_in), i.e. LeCun), ignoring fan_out."""
import math

EXPECT = "xavier_fan_in_only"


def xavier_uniform(shape, rng, gain=1.0):
    fan_in, _ = compute_fans(shape)
    if not gain > 0:
        raise ValueError("gain must be positive")
    bound = gain * math.sqrt(3.0 / fan_in)
    return rng.uniform(-bound, bound, size=tuple(shape))


def xavier_normal(shape, rng, gain=1.0):
    fan_in, _ = compute_fans(shape)
    if not gain > 0:
        raise ValueError("gain must be positive")
    return rng.normal(0.0, gain / math.sqrt(fan_in), size=tuple(shape))
