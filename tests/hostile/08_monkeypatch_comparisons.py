# exercise: ex01
# item: 6
# verdict: score 0; the patched comparison functions only exist in the child, the grader compares with its own
# expect_score: 0
# max_score_granted: 0
# expect_message: values differ from the expected ones
# budget_s: 0
# layers: bubblewrap unshare rlimits
"""Make every comparison say "equal", then return garbage.

``numpy.allclose`` / ``isclose`` / ``array_equal``, ``numpy.testing``, ``math.isclose``, the
builtins ``abs`` / ``round``, ``operator.eq`` and pytest's ``approx`` are replaced at import. All of this happens in the child's interpreter; the grader's checks
run in the grader's process on plain data rebuilt from the wire, so none of it applies.
"""
import builtins
import math
import operator

import numpy as np
import numpy.testing

_true = lambda *a, **k: True  # noqa: E731
_none = lambda *a, **k: None  # noqa: E731

np.allclose = np.isclose = np.array_equal = np.array_equiv = _true
for name in ("assert_allclose", "assert_array_equal", "assert_almost_equal", "assert_array_almost_equal",
             "assert_equal"):
    setattr(numpy.testing, name, _none)
math.isclose = _true
builtins.abs = lambda x: 0
builtins.round = lambda x, *a: 0
operator.eq = _true
try:
    import pytest

    pytest.approx = lambda expected, *a, **k: expected
except Exception:
    pass


def confusion_matrix(y_true, y_pred, num_classes):
    return np.zeros((num_classes, num_classes), dtype=np.int64)


def accuracy(cm):
    return 0.123


def precision(cm):
    return np.full(len(cm), 0.123)


recall = specificity = f1_score = precision
