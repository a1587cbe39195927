"""RMSE without the square root: it returns the MSE."""
import numpy as np

EXPECT = "rmse_no_sqrt"


def rmse(y_pred, y_true):
    d = _pair(y_pred, y_true)
    return float(np.mean(d**2))
