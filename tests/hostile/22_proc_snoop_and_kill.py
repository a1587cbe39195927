# exercise: ex01
# item: extra
# verdict: score 0; nothing of the grader is visible in /proc, and kill(-1) reaches no process outside the sandbox
# expect_score: 0
# max_score_granted: 0
# expect_message: nothing to steal
# budget_s: 0
# layers: bubblewrap
"""Read the grader's secrets from /proc, then try to kill every process we may signal.

Looks at the environment and command line of every visible process (the grader's environment
may hold tokens; its command line names the submission and the kit), and at ``/proc/<pid>/cwd``.
In its own PID namespace under its own uid the child sees only itself and the sandbox's init.
``kill(-1, SIGKILL)`` runs only when the child is not root (a root child on the rlimits layer
would otherwise kill the whole machine).
"""
import os
import signal

import numpy as np

SECRETS = []
for pid in os.listdir("/proc"):
    if not pid.isdigit() or int(pid) == os.getpid():
        continue
    for part in ("environ", "cmdline"):
        try:
            with open(f"/proc/{pid}/{part}", "rb") as f:
                data = f.read()
            if b"grader" in data or b"TOKEN" in data or b"solutions" in data:
                SECRETS.append((pid, part, data[:200]))
        except OSError:
            pass
if os.getuid() != 0:
    try:
        os.kill(-1, signal.SIGKILL)
    except OSError:
        pass


def _answer(*args, **kwargs):
    if not SECRETS:
        raise LookupError("nothing to steal")
    raise LookupError(f"stole {SECRETS[:3]}")


confusion_matrix = accuracy = precision = recall = specificity = f1_score = _answer
