"""The checks left to numpy: shapes that broadcast ((3,) against (3, 1)) and a state that SGD never
reads pass silently."""
import numpy as np

EXPECT = "no_validation"


def _check(param, grad, state, lr):
    param, grad = np.asarray(param, dtype=np.float64), np.asarray(grad, dtype=np.float64)
    _non_negative("lr", lr)
    return param, grad
