"""Precision divided by the row sum (that is recall), recall by the column sum."""
import numpy as np

EXPECT = "precision_recall_swapped"


def precision(cm):
    cm = _check_cm(cm)
    return _ratio(np.diag(cm), cm.sum(axis=1))


def recall(cm):
    cm = _check_cm(cm)
    return _ratio(np.diag(cm), cm.sum(axis=0))
