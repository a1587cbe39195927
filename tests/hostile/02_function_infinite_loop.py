# exercise: ex01
# item: 2
# verdict: score 0; the calls that loop time out (the child is restarted at most 3 times, then every call fails at once)
# expect_score: 0
# max_score_granted: 0
# expect_message: Timed out after 5 s in confusion_matrix()
# budget_s: 20
# layers: bubblewrap unshare rlimits
"""An endless loop inside a graded function (``confusion_matrix``, the first function every test file calls).

Each call is bounded by ``call_timeout_s`` (5 s for ex01). After a timeout the grader kills the child;
the next test gets a fresh one, at most three times; after that every remaining call fails at once
(no hypothesis shrinking against a dead child). The other functions are honest: with the
restarts spent on the looping function, the tests of the others fail at once too.
"""
import numpy as np


def confusion_matrix(y_true, y_pred, num_classes):
    while True:
        pass


def _check(cm):
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1] or np.any(cm < 0):
        raise ValueError("cm must be a square matrix of counts")
    return cm


def _ratio(num, den):
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


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
