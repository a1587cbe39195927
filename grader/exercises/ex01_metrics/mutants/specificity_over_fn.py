"""Specificity computed as TN / (TN + FN) instead of TN / (TN + FP)."""
import numpy as np

EXPECT = "specificity_fn"


def specificity(cm):
    cm = _check_cm(cm)
    tp = np.diag(cm)
    fp = cm.sum(axis=0) - tp
    fn = cm.sum(axis=1) - tp
    tn = cm.sum() - tp - fp - fn
    return _ratio(tn, tn + fn)
