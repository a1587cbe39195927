# exercise: ex01
# item: 12
# verdict: score 0; the output limit (8 MB) stops the 500 MB flood within seconds
# expect_score: 0
# max_score_granted: 0
# expect_message: Output limit of 8 MB exceeded during import
# budget_s: 0
# layers: bubblewrap unshare rlimits
"""Print 500 MB at import.

The child's stdout and stderr go to one log file under ``RLIMIT_FSIZE`` (``output_mb``): the write
that crosses 8 MB raises SIGXFSZ, which kills the child at once; the verdict names the limit.
"""
import sys

LINE = "x" * 1023 + "\n"
for _ in range(500 * 1024):
    sys.stdout.write(LINE)


def confusion_matrix(y_true, y_pred, num_classes):
    raise NotImplementedError
