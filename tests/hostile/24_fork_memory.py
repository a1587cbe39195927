# exercise: ex01
# item: extra
# verdict: score 0; forked processes hold 6 x 300 MB, each under the 1024 MB address-space limit, but the tree's memory limit (1024 MB) stops them all
# expect_score: 0
# max_score_granted: 0
# expect_message: memory limit of 1024 MB
# budget_s: 30
# layers: bubblewrap
"""Correct answers, computed while six forked processes each hold 300 MB.

Each process stays under ``RLIMIT_AS`` (``memory_mb``, 1024 MB for ex01), so a limit per process
would let the tree hold 6 × 300 MB (and 32 × the limit with more forks). The limit on the whole
tree (a cgroup, or the grader's watchdog where none can be made) ends the child as soon as the
processes together pass 1024 MB: every test that calls the submission fails with
``child.tree_memory``, so the honest answers earn nothing.
"""
import os
import select
import time

import numpy as np

TOKEN = "{{TOKEN}}"


def _name_me():
    try:
        with open("/proc/self/comm", "w") as f:
            f.write(f"fm{TOKEN}"[:15])
    except OSError:
        pass


def _hold(n=6, mb=300):
    """Fork n processes that each touch mb MB, and return once all of them hold it (or died trying):
    a busy machine makes this slower, never different."""
    r, w = os.pipe()
    started = 0
    for _ in range(n):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            os.close(r)
            _name_me()
            block = np.ones(mb * 2**20, dtype=np.uint8)  # touched: resident
            os.write(w, b"x")
            time.sleep(60 + int(block[0]))
            os._exit(0)
        started += 1
    os.close(w)
    held, deadline = 0, time.monotonic() + 3
    while held < started and time.monotonic() < deadline:
        ready, _, _ = select.select([r], [], [], 0.5)
        if ready:
            chunk = os.read(r, 64)
            if not chunk:  # every writer is gone (killed)
                break
            held += len(chunk)
    os.close(r)


def confusion_matrix(y_true, y_pred, num_classes):
    _hold()
    cm = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(cm, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return cm


def accuracy(cm):
    _hold()
    cm = np.asarray(cm)
    return float(np.trace(cm) / cm.sum()) if cm.sum() else 0.0


def _safe(num, den):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), 0.0)


def precision(cm):
    _hold()
    cm = np.asarray(cm, dtype=np.float64)
    return _safe(np.diag(cm), cm.sum(axis=0))


def recall(cm):
    _hold()
    cm = np.asarray(cm, dtype=np.float64)
    return _safe(np.diag(cm), cm.sum(axis=1))


def specificity(cm):
    _hold()
    cm = np.asarray(cm, dtype=np.float64)
    tp = np.diag(cm)
    fp, fn = cm.sum(axis=0) - tp, cm.sum(axis=1) - tp
    tn = cm.sum() - tp - fp - fn
    return _safe(tn, tn + fp)


def f1_score(cm):
    p, r = precision(cm), recall(cm)
    return _safe(2 * p * r, p + r)
