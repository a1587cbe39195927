"""τ(0) = +1: the step function tests s >= 0 instead of s > 0."""
import numpy as np

EXPECT = "step_zero"


def step(s):
    return np.where(np.asarray(s) >= 0, 1, -1)
