# exercise: ex01
# item: 5
# verdict: score 0; the process exited with code 0 during import
# expect_score: 0
# max_score_granted: 0
# expect_message: exited with code 0 during import
# budget_s: 0
# layers: bubblewrap unshare rlimits
"""``os._exit(0)`` at the top level: a clean-looking exit status before any test could run.

Exit status 0 is not success: the grader expects a "ready" message, so a child that exits during
import fails every test, at once.
"""
import os

os._exit(0)
