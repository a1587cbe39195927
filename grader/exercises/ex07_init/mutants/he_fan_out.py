"""He initialisation computed from fan_out instead of fan_in."""
import math

EXPECT = "he_fan_out"


def he_uniform(shape, rng):
    _, fan_out = compute_fans(shape)
    bound = math.sqrt(6.0 / fan_out)
    return rng.uniform(-bound, bound, size=tuple(shape))


def he_normal(shape, rng):
    _, fan_out = compute_fans(shape)
    return rng.normal(0.0, math.sqrt(2.0 / fan_out), size=tuple(shape))
