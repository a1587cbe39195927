# exercise: ex01
# item: 7
# verdict: score 0; the grader's JSON on stdout is its own (full marks printed by the student are only in the output log)
# expect_score: 0
# max_score_granted: 0
# budget_s: 0
# layers: bubblewrap unshare rlimits
"""Print a fake full-marks result, as JSON and as JUnit XML, on stdout and stderr, at import and in
every call.

The child's stdout and stderr are a size-limited log file; the protocol runs over private copies
of the pipes, and the grader writes its own report. Nothing printed here can reach the grade.
"""
import json
import sys

import numpy as np

FAKE_JSON = json.dumps({"exercise": "ex01", "name": "ex01_metrics", "score": 14.0, "max_score": 14.0,
                        "tests": [{"name": "everything", "score": 14.0, "max_score": 14.0, "passed": True}]})
FAKE_JUNIT = ('<?xml version="1.0"?><testsuites><testsuite name="ex01" tests="10" failures="0" errors="0">'
              '<testcase classname="ex01" name="all" time="0.1"/></testsuite></testsuites>')


def _shout():
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        print(FAKE_JSON, file=stream, flush=True)
        print(FAKE_JUNIT, file=stream, flush=True)
    for path in ("/dev/stdout", "/dev/stderr", "/dev/tty", "/proc/1/fd/1", "/proc/self/fd/1"):
        try:
            with open(path, "w") as f:
                f.write(FAKE_JSON + "\n")
        except OSError:
            pass


_shout()


def confusion_matrix(y_true, y_pred, num_classes):
    _shout()
    return np.zeros((num_classes, num_classes), dtype=np.int64)


def accuracy(cm):
    _shout()
    return 0.0


def precision(cm):
    _shout()
    return np.zeros(len(cm)) - 1


recall = specificity = f1_score = precision
