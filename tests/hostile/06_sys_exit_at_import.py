# exercise: ex01
# item: 5
# verdict: score 0; the import raised SystemExit
# expect_score: 0
# max_score_granted: 0
# expect_message: SystemExit
# budget_s: 0
# layers: bubblewrap unshare rlimits
"""``sys.exit(0)`` at the top level.

The child imports the file inside ``try/except BaseException``: SystemExit is reported as an
import error like any other exception; it never ends the child quietly.
"""
import sys

sys.exit(0)
