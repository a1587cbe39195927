# exercise: ex01
# item: 4
# verdict: score 0; the bomb is capped by the process limit of its own uid, the call times out, nothing survives
# expect_score: 0
# max_score_granted: 0
# expect_message: Timed out after 5 s in confusion_matrix()
# budget_s: 20
# layers: bubblewrap
# requires: dedicated-uid
"""A fork bomb inside ``confusion_matrix``: every process forks again and again and never gives up.

It only ever runs bounded: it checks that it is a non-root uid with a small RLIMIT_NPROC (the
bubblewrap layer with a uid of its own) and otherwise refuses. Under that limit fork() fails with
EAGAIN once the uid has ``nproc`` (32) tasks; the processes keep retrying (with a short sleep,
so the test machine stays usable) until the grader kills the PID namespace at the timeout.
Each process names itself ``hb<token>`` (``/proc/self/comm``) so that the test can count them
while the bomb runs, and look for survivors afterwards.
"""
import os
import resource
import time

import numpy as np


def _bounded() -> bool:
    soft, _ = resource.getrlimit(resource.RLIMIT_NPROC)
    return os.getuid() != 0 and soft != resource.RLIM_INFINITY and soft <= 256


TOKEN = "{{TOKEN}}"


def _name_me():
    try:
        with open("/proc/self/comm", "w") as f:
            f.write(f"hb{TOKEN}"[:15])
    except OSError:
        pass


def confusion_matrix(y_true, y_pred, num_classes):
    if not _bounded():
        raise RuntimeError("refusing to run a fork bomb without a process limit")
    _name_me()
    while True:
        try:
            if os.fork() == 0:
                _name_me()
        except OSError:
            time.sleep(0.05)


def accuracy(cm):
    return -1.0


def precision(cm):
    return np.full(len(cm), -1.0)


recall = specificity = f1_score = precision
