"""Counts conf[pred][true], as the course notes do: the transpose of rows = true class."""
import numpy as np

EXPECT = "transposed"


def confusion_matrix(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.ndim != 1 or y_true.shape != y_pred.shape:
        raise ValueError("bad input")
    if y_true.size and (min(y_true.min(), y_pred.min()) < 0 or max(y_true.max(), y_pred.max()) >= num_classes):
        raise ValueError("label out of range")
    conf = np.zeros((num_classes, num_classes), dtype=int)
    for i in range(len(y_pred)):
        conf[y_pred[i]][y_true[i]] += 1
    return conf
