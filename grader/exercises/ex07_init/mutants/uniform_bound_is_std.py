"""Uses the target standard deviation as the uniform bound (forgets the factor √3)."""
import math

EXPECT = "uniform_no_sqrt3"


def xavier_uniform(shape, rng, gain=1.0):
    fan_in, fan_out = compute_fans(shape)
    if not gain > 0:
        raise ValueError("gain must be positive")
    bound = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return rng.uniform(-bound, bound, size=tuple(shape))


def he_uniform(shape, rng):
    fan_in, _ = compute_fans(shape)
    bound = math.sqrt(2.0 / fan_in)
    return rng.uniform(-bound, bound, size=tuple(shape))
