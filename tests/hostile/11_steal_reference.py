# exercise: ex01
# item: 9
# verdict: score 0; the reference and the hidden tests are nowhere in the child's filesystem
# expect_score: 0
# max_score_granted: 0
# expect_message: no reference found
# budget_s: 0
# layers: bubblewrap
"""Find the reference solution (or the hidden tests) and hand its answers in as our own.

Tries, in order: ``import solutions.ex01_metrics``; the path the kit's editable install records in
site-packages; the usual checkout paths; the working directory of every visible process; and a
walk of the whole disk for ``ex01_metrics.py`` / ``test_ex01_metrics.py``. If found, its functions
become ours (full marks). Under bubblewrap none of them exists in the child's view, so every
function raises "no reference found".
"""
import glob
import importlib.util
import os
import re
import sys

FOUND = {}


def _load(path):
    spec = importlib.util.spec_from_file_location("stolen_reference", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _candidates():
    try:
        import solutions.ex01_metrics as ref  # noqa: F401

        yield ref.__file__
    except Exception:
        pass
    for finder in glob.glob(os.path.join(sys.prefix, "lib", "python3*", "site-packages", "__editable__*finder.py")):
        try:
            text = open(finder).read()
            for root in re.findall(r"'(/[^']+)'", text):
                yield os.path.join(root, "ex01_metrics.py")
                yield os.path.join(os.path.dirname(root), "solutions", "ex01_metrics.py")
        except OSError:
            pass
    for root in ("/work/main", "/work", "/srv", "/home", "/root", "/opt", "/usr/local", os.getcwd()):
        yield os.path.join(root, "solutions", "ex01_metrics.py")
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            yield f"/proc/{pid}/cwd/solutions/ex01_metrics.py"
            yield f"/proc/{pid}/root/work/main/solutions/ex01_metrics.py"
    for dp, dns, fns in os.walk("/"):
        if dp.startswith(("/proc", "/sys", "/dev")):
            dns[:] = []
            continue
        for f in fns:
            if f in ("ex01_metrics.py", "test_ex01_metrics.py") and not dp.startswith("/submission"):
                yield os.path.join(dp, f)


for path in _candidates():
    try:
        if os.path.isfile(path) and "BEGIN SOLUTION" in open(path).read():
            FOUND["ref"] = _load(path)
            break
        if os.path.isfile(path) and path.endswith("test_ex01_metrics.py"):
            FOUND.setdefault("hidden", path)
    except Exception:
        continue


def _ref(name):
    if "ref" not in FOUND:
        raise RuntimeError("no reference found")
    return getattr(FOUND["ref"], name)


def confusion_matrix(y_true, y_pred, num_classes):
    return _ref("confusion_matrix")(y_true, y_pred, num_classes)


def accuracy(cm):
    return _ref("accuracy")(cm)


def precision(cm):
    return _ref("precision")(cm)


def recall(cm):
    return _ref("recall")(cm)


def specificity(cm):
    return _ref("specificity")(cm)


def f1_score(cm):
    return _ref("f1_score")(cm)
