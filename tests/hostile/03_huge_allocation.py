# exercise: ex01
# item: 3
# verdict: score 0; the 50 GB allocation fails with MemoryError (address-space limit), the machine is untouched
# expect_score: 0
# max_score_granted: 0
# expect_message: MemoryError
# budget_s: 0
# layers: bubblewrap unshare rlimits
"""Every function first asks for 50 GB of memory.

``RLIMIT_AS`` (``memory_mb``, 1024 MB for ex01) makes the allocation fail at once inside the child
with MemoryError; nothing is ever committed, so neither the machine nor the grader runs short.
"""
import numpy as np

GB = 2**30


def _grab():
    big = np.ones(50 * GB, dtype=np.uint8)  # 50 GB, touched
    return int(big[::4096].sum())


def confusion_matrix(y_true, y_pred, num_classes):
    _grab()
    return np.zeros((num_classes, num_classes), dtype=np.int64)


def accuracy(cm):
    return float(_grab())


def precision(cm):
    return np.full(len(cm), float(_grab()))


recall = specificity = f1_score = precision
