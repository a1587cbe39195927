"""MSE with reduction='sum' (as in the course notes' MSELoss(reduction='sum')): no division by N."""
import numpy as np

EXPECT = "mse_sum"


def mse(y_pred, y_true):
    d = _pair(y_pred, y_true)
    return float(np.sum(d * d))
