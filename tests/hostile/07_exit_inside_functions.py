# exercise: ex01
# item: 5
# verdict: honest confusion_matrix keeps its 5 points; every other function exits (sys.exit, SystemExit, os._exit, SIGKILL to itself, KeyboardInterrupt) and scores 0
# expect_score: 5
# max_score_granted: honest
# expect_message: SystemExit
# budget_s: 0
# layers: bubblewrap unshare rlimits
"""Exits inside graded functions, each a different way; ``confusion_matrix`` is honest.

``sys.exit(0)`` / ``raise SystemExit`` / ``KeyboardInterrupt`` inside a call are exceptions like any
other (reported, the child lives on); ``os._exit(0)`` and a SIGKILL to itself end the child during
the call, which is a failed call, not a pass. The honest function keeps exactly its own points
(5 of 14): the public example (1 point) also checks ``accuracy``, so it fails.
"""
import os
import signal
import sys

import numpy as np


def confusion_matrix(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.ndim != 1 or y_pred.ndim != 1 or y_true.shape != y_pred.shape or num_classes < 1:
        raise ValueError("y_true and y_pred must be 1-D arrays of the same length")
    for y in (y_true, y_pred):
        if y.size and (y.min() < 0 or y.max() >= num_classes):
            raise ValueError("label outside [0, num_classes)")
    cm = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(cm, (y_true.astype(np.int64), y_pred.astype(np.int64)), 1)
    return cm


def accuracy(cm):
    sys.exit(0)


def precision(cm):
    raise SystemExit(0)


def recall(cm):
    raise KeyboardInterrupt


def specificity(cm):
    os.kill(os.getpid(), signal.SIGKILL)


def f1_score(cm):
    os._exit(0)
