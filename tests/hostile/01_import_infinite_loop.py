# exercise: ex01
# item: 1
# verdict: score 0; every test says the import timed out
# expect_score: 0
# max_score_granted: 0
# expect_message: Timed out after 30 s while importing your file
# budget_s: 30
# layers: bubblewrap unshare rlimits
"""An endless loop at the top level: the module never finishes importing.

The grader waits ``import_timeout_s`` (30 s for ex01) once, kills the child with its process group,
and every test fails at once with the same verdict (no restart, no per-test wait).
"""
import numpy as np

while True:
    pass


def confusion_matrix(y_true, y_pred, num_classes):
    return np.zeros((num_classes, num_classes), dtype=np.int64)
