# exercise: ex01
# item: 11
# verdict: score 0; no connection reaches the test's listener on the grader's loopback
# expect_score: 0
# max_score_granted: 0
# expect_message: no network
# budget_s: 0
# layers: bubblewrap unshare
"""Fetch the answers from a helper process on the grader machine's loopback.

The test opens a TCP listener on 127.0.0.1 (its port is filled in) that would hand out the
reference's answers. The child lives in its own network namespace: its loopback is not the
grader's, so every connection is refused and every function raises "no network"; the test also
checks that the listener never saw a connection.
"""
import socket

import numpy as np

PORT = int("{{PORT}}" if "{{PORT}}".isdigit() else 9)


def _fetch():
    for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1"), (socket.AF_INET, "localhost")):
        try:
            with socket.socket(family, socket.SOCK_STREAM) as s:
                s.settimeout(1.0)
                s.connect((host, PORT))
                s.sendall(b"ex01 please\n")
                return s.recv(65536)
        except OSError:
            continue
    raise ConnectionError("no network: the answer server could not be reached")


def confusion_matrix(y_true, y_pred, num_classes):
    _fetch()
    return np.zeros((num_classes, num_classes), dtype=np.int64)


def accuracy(cm):
    _fetch()
    return 0.0


def precision(cm):
    _fetch()
    return np.zeros(len(cm))


recall = specificity = f1_score = precision
