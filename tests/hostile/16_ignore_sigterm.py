# exercise: ex01
# item: 14
# verdict: score 0; handlers that ignore SIGTERM, SIGINT, SIGHUP, SIGXCPU change nothing: the call times out and SIGKILL ends it
# expect_score: 0
# max_score_granted: 0
# expect_message: Timed out after 5 s in confusion_matrix()
# budget_s: 20
# layers: bubblewrap unshare rlimits
"""Ignore every catchable termination signal, then loop.

The grader never asks politely: a timed-out child gets SIGKILL (its process group, its PID
namespace), which cannot be caught or ignored.
"""
import signal

import numpy as np

for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT, signal.SIGXCPU, signal.SIGUSR1,
            signal.SIGUSR2, signal.SIGPIPE, signal.SIGALRM):
    signal.signal(sig, signal.SIG_IGN)


def confusion_matrix(y_true, y_pred, num_classes):
    while True:
        try:
            while True:
                pass
        except BaseException:
            continue


def accuracy(cm):
    return -1.0


def precision(cm):
    return np.full(len(cm), -1.0)


recall = specificity = f1_score = precision
