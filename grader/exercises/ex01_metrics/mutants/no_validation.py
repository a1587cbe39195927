"""No input checks: negative labels silently wrap around instead of raising ValueError."""
import numpy as np

EXPECT = "no_validation"


def confusion_matrix(y_true, y_pred, num_classes):
    cm = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(cm, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return cm
