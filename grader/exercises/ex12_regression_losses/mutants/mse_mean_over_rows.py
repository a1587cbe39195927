"""MSE that divides the sum of squares by len(y) (the rows), not by the number of entries."""
import numpy as np

EXPECT = "mean_over_rows"


def mse(y_pred, y_true):
    d = _pair(y_pred, y_true)
    return float(np.sum(d * d) / (len(d) if d.ndim else 1))
