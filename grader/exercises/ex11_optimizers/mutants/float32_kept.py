"""Inputs converted with np.asarray alone: float32 param and grad give a float32 new_param."""
import numpy as np

EXPECT = "not_float64"


def _check(param, grad, state, lr):
    param, grad = np.asarray(param), np.asarray(grad)
    for name, arr in (("param", param), ("grad", grad)):
        if arr.dtype.kind not in "biuf":
            raise ValueError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    if param.shape != grad.shape:
        raise ValueError(f"param and grad differ in shape: {param.shape} vs {grad.shape}")
    if not isinstance(state, dict):
        raise ValueError("state must be a dict")
    _non_negative("lr", lr)
    return param * 1, grad * 1
