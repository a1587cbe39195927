# exercise: ex01
# item: extra
# verdict: score 0; writing files until the disk is full stops at the private /tmp's size cap (tmpfs lives in RAM)
# expect_score: 0
# max_score_granted: 0
# expect_message: No space left on device
# budget_s: 0
# layers: bubblewrap
"""Fill /tmp: many 4 MB files (each under the 8 MB output limit per file), until a write fails.

The child's /tmp is a tmpfs, i.e. the machine's memory; without a size cap, files there bypass
``RLIMIT_AS``. Under bubblewrap it is capped (``tmp_mb``, 256 MB): the loop ends with ENOSPC.
"""
import os

import numpy as np

CHUNK = b"\xaa" * (4 * 2**20)


def confusion_matrix(y_true, y_pred, num_classes):
    i = 0
    while True:
        with open(f"/tmp/fill-{i}", "wb") as f:
            f.write(CHUNK)
        i += 1
        if i > 4096:  # 16 GB: never reached where /tmp is capped
            raise RuntimeError("/tmp took 16 GB without complaint")


def accuracy(cm):
    return -1.0


def precision(cm):
    return np.full(len(cm), -1.0)


recall = specificity = f1_score = precision
