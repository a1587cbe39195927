# exercise: ex01
# item: 13
# verdict: honest functions keep their 15 points (full marks); the returned arrays are changed by a thread after the call, a double-forked setsid daemon keeps trying to write into the grader's folders: neither has any effect, and the daemon is gone when grading ends
# expect_score: 15
# max_score_granted: honest
# budget_s: 0
# layers: bubblewrap unshare
"""Honest answers, plus tampering that outlives the call.

* Every function returns its (correct) array and hands it to a thread that overwrites it
  with garbage 0.2 s later: too late, the value was serialised before the reply was sent.
* At import, a daemon escapes the process group (fork, ``setsid``, fork again) and runs a shell
  loop named after the test's token that keeps appending to files in the grader's folders
  (``--out``, the working directory, /tmp). The child has its own PID namespace: when the grader
  kills the child, the kernel kills the daemon too. The test looks for the token in every
  process's command line and for the files afterwards.
"""
import os
import queue
import threading
import time

import numpy as np

OUT_DIR = "{{OUT_DIR}}"
TOKEN = "{{TOKEN}}"


def _daemon():
    if os.fork() != 0:
        return
    try:
        os.setsid()
        if os.fork() != 0:
            os._exit(0)
        for fd in (0, 1, 2):
            os.dup2(os.open(os.devnull, os.O_RDWR), fd)
        loop = (f'while :; do for d in "{OUT_DIR}" "$PWD" /tmp /work/main; do '
                f'echo tampered >> "$d/HOSTILE-{TOKEN}" 2>/dev/null; done; sleep 0.2; done')
        os.execv("/bin/sh", ["/bin/sh", "-c", loop, f"hostile-daemon-{TOKEN}"])
    finally:
        os._exit(0)


_daemon()


_returned: "queue.Queue[np.ndarray]" = queue.Queue()


def _spoiler():
    while True:
        arr = _returned.get()
        time.sleep(0.2)
        try:
            arr[...] = -12345
        except Exception:
            pass


threading.Thread(target=_spoiler, daemon=True).start()


def _later(arr):
    _returned.put(arr)
    return arr


def confusion_matrix(y_true, y_pred, num_classes):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.ndim != 1 or y_pred.ndim != 1 or y_true.shape != y_pred.shape or num_classes < 1:
        raise ValueError("y_true and y_pred must be 1-D arrays of the same length")
    for y in (y_true, y_pred):
        if y.size and (y.min() < 0 or y.max() >= num_classes):
            raise ValueError("label outside [0, num_classes)")
    cm = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(cm, (y_true.astype(np.int64), y_pred.astype(np.int64)), 1)
    return _later(cm)


def _check(cm):
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1] or np.any(cm < 0):
        raise ValueError("cm must be a square matrix of counts")
    return cm


def _ratio(num, den):
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    return _later(np.divide(num, den, out=np.zeros_like(num), where=den > 0))


def accuracy(cm):
    cm = _check(cm)
    total = cm.sum()
    return float(np.trace(cm) / total) if total > 0 else 0.0


def precision(cm):
    cm = _check(cm)
    return _ratio(np.diag(cm), cm.sum(axis=0))


def recall(cm):
    cm = _check(cm)
    return _ratio(np.diag(cm), cm.sum(axis=1))


def specificity(cm):
    cm = _check(cm)
    tp = np.diag(cm)
    fp, fn = cm.sum(axis=0) - tp, cm.sum(axis=1) - tp
    tn = cm.sum() - tp - fp - fn
    return _ratio(tn, tn + fp)


def f1_score(cm):
    cm = _check(cm)
    return _ratio(2 * np.diag(cm), cm.sum(axis=0) + cm.sum(axis=1))
