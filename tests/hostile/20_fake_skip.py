# exercise: ex01
# item: extra
# verdict: score 0 out of 14; a skip raised by student code is an error of the call, never a skipped test (which would drop the test's points from the maximum)
# expect_score: 0
# max_score_granted: 0
# expect_message: Skipped
# budget_s: 0
# layers: bubblewrap unshare rlimits
"""Raise the exceptions test frameworks use to SKIP a test.

A skipped test counts 0 of 0 points, so skipping every failing test would turn a zero into full
marks (score = max score). pytest's ``Skipped`` and ``Exit``, ``unittest.SkipTest`` and
hypothesis's ``UnsatisfiedAssumption`` are raised here, in the child; only their names cross the
boundary, as a ``StudentError``, and the test fails with its points kept in the maximum.
"""
import unittest

import numpy as np

try:
    from _pytest.outcomes import Exit, Skipped
except Exception:  # pytest not importable in the sandbox: fall back to look-alikes
    class Skipped(Exception):
        pass

    class Exit(Exception):
        pass

try:
    from hypothesis.errors import UnsatisfiedAssumption
except Exception:
    class UnsatisfiedAssumption(Exception):
        pass


def confusion_matrix(y_true, y_pred, num_classes):
    raise Skipped("not applicable", allow_module_level=True) if Skipped.__module__ != __name__ else Skipped("skip")


def accuracy(cm):
    raise unittest.SkipTest("skip")


def precision(cm):
    raise UnsatisfiedAssumption()


def recall(cm):
    raise Exit("stop the run", returncode=0) if Exit.__module__ != __name__ else Exit("stop")


specificity = f1_score = precision
