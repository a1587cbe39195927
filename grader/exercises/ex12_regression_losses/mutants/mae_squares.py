"""MAE that averages squared errors instead of absolute errors."""
import numpy as np

EXPECT = "mae_squared"


def mae(y_pred, y_true):
    d = _pair(y_pred, y_true)
    return float(np.mean(d * d))
