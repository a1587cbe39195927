"""grader.core.training and the child's training helper: a torch model driven in the child."""
from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from grader.core import discover
from grader.core.engine import grade_exercise
from grader.core.training import cross_entropy, is_probabilities
from grader.isolation import sandbox
from grader.isolation.runner import ChildSpec


def test_cross_entropy_matches_torch():
    rng = np.random.default_rng(0)
    z, y = rng.normal(size=(6, 4)) * 30, rng.integers(0, 4, 6)
    assert cross_entropy(z, y) == pytest.approx(float(F.cross_entropy(torch.from_numpy(z), torch.from_numpy(y))),
                                                rel=1e-12)
    log_p = torch.log_softmax(torch.from_numpy(z), 1).numpy()
    assert cross_entropy(log_p, y) == pytest.approx(cross_entropy(z, y), rel=1e-12)


def test_is_probabilities():
    p = np.full((3, 4), 0.25)
    assert is_probabilities(p) and not is_probabilities(p * 2) and not is_probabilities(np.log(p))


def test_a_child_gets_only_the_helpers_its_exercise_asks_for(tmp_path):
    core = ChildSpec(tmp_path / "s.py", "s")
    names = [n for _, n in core.child_files()]
    assert names == ["child.py", "wire.py", "helpers_core.py"]
    training = ChildSpec(tmp_path / "s.py", "s", helpers=("training",), exercise_helper=tmp_path / "h.py")
    assert [n for _, n in training.child_files()][3:] == ["helpers_training.py", "helpers_exercise.py"]
    with pytest.raises(ValueError):
        ChildSpec(tmp_path / "s.py", "s", helpers=("../../etc",)).child_files()


TESTS = '''import numpy as np

from grader.author import Feedback, Trainer, quick_run, from_quick


def trainer(student):
    return Trainer(student, inputs="float32", input_shape="3", classes=2, seed=0,
                   keys={"not_module": "core.values", "train_returns": "core.values"})


def test_forward_shape(student):
    t = trainer(student)
    out = t.forward(t.build(), np.zeros((5, 3), dtype=np.float32))
    assert out.shape == (5, 2)


def test_watch(student, grading):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(64, 3)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64)
    q = from_quick(quick_run(trainer(student), x, y, 3))
    grading.report(before=q["before"], after=q["after"], backward=q["run"]["backward_calls"],
                   stale=q["run"]["stale_gradients"], samples=q["run"]["samples_seen"])
    pred = trainer(student).predict(q["run"]["model"], x)
    grading.report(accuracy=float(np.mean(pred == y)))
    run = q["run"]
    grading.report(seconds=run["seconds"], cpu=run["cpu_seconds"], child_seconds=run["child_seconds"],
                   child_cpu=run["child_cpu_seconds"], losses=run["loss_count"],
                   size=trainer(student).size(run["model"]))
'''

STUDENT = '''import torch
from torch import nn


def build_model():
    return nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 2))


def train(model, x, y, epochs):
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    model.train()
    for _ in range(epochs):
        for i in range(0, len(x), 16):
            ZERO
            loss = nn.functional.cross_entropy(model(x[i:i + 16]), y[i:i + 16])
            loss.backward()
            opt.step()
    return model
'''


@pytest.mark.parametrize("zero_grad", [True, False])
def test_trainer_sees_what_the_loop_does(tmp_path, zero_grad):
    folder = tmp_path / "ex88_train"
    folder.mkdir()
    (folder / "exercise.toml").write_text('[title]\nen = "T"\nko = "T"\n[limits]\ntorch = true\n'
                                          'memory_mb = 4096\ncall_timeout_s = 60\n[child]\nhelpers = ["training"]\n')
    (folder / "test_hidden.py").write_text(TESTS)
    sub = tmp_path / "ex88_train.py"
    sub.write_text(STUDENT.replace("ZERO", "opt.zero_grad()" if zero_grad else "pass"))
    res = grade_exercise(discover.load(folder), sub, isolation=sandbox.detect_isolation())
    assert res.error is None and all(t.passed for t in res.tests), [t.message for t in res.tests]
    extra = res.extra
    assert extra["backward"] == 3 * 4 and extra["samples"] == 3 * 64
    # times by the grader's clock around the call (the child's own kept apart), the size counted here
    assert extra["seconds"] >= extra["child_seconds"] > 0 and extra["cpu"] >= 0 and extra["losses"] == 12
    assert extra["size"]["parameters"] == 3 * 8 + 8 + 8 * 2 + 2 == extra["size"]["reported"]["parameters"]
    assert extra["size"]["state_bytes"] == 4 * extra["size"]["parameters"]
    assert (extra["stale"] == 0) == zero_grad
    if zero_grad:
        assert extra["after"] < extra["before"] and extra["accuracy"] > 0.8


def _loop_student():
    """A student module with a plain mini-batch loop (the helper calls ``train(model, x, y, epochs)``)."""
    import types

    def train(model, x, y, epochs):
        opt = torch.optim.SGD(model.parameters(), lr=0.5)
        model.train()
        for _ in range(epochs):
            for i in range(0, len(x), 16):
                opt.zero_grad()
                F.cross_entropy(model(x[i:i + 16]), y[i:i + 16]).backward()
                opt.step()
        return model

    return types.SimpleNamespace(train=train)


def _separable(n=64):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 3)).astype(np.float32)
    return x, (x[:, 0] > 0).astype(np.int64)


def test_training_ends_after_the_epoch_that_reaches_the_goal_and_leaves_no_trace():
    from grader.isolation.child import helpers_training as h

    h.bind_student(_loop_student())
    x, y = _separable()
    torch.manual_seed(0)
    plain = h.train(torch.nn.Linear(3, 2), x, y, 6, "float32", seed=0)
    asked = []

    def never(predicted):  # evaluated after every epoch but the last, never satisfied
        asked.append(predicted.copy())
        return False

    watched = h.train(torch.nn.Linear(3, 2), x, y, 6, "float32", seed=0, eval_x=x, evaluate=never)
    assert len(asked) == 5 and watched["evaluations"] == 5 and not watched["reached_goal"]
    assert asked[0].dtype == np.int64 and asked[0].shape == (64,)
    # the evaluations changed nothing: the same weights as training without them
    for a, b in zip(plain["model"].parameters(), watched["model"].parameters()):
        assert torch.equal(a, b)
    assert watched["model"].training  # the student's mode, restored
    early = h.train(torch.nn.Linear(3, 2), x, y, 6, "float32", seed=0, eval_x=x,
                    evaluate=lambda predicted: float(np.mean(predicted == y)) >= 0.9)
    assert early["reached_goal"] and early["samples_seen"] < 6 * len(x)
    assert early["samples_seen"] % len(x) == 0  # it ended at an epoch's end


class _RowsThenScalar(torch.nn.Module):
    """One row per image on a batch of at most ``rows`` images, a scalar on a larger one."""

    def __init__(self, rows):
        super().__init__()
        self.rows, self.seen = rows, []

    def forward(self, x):
        self.seen.append(len(x))
        return x.reshape(len(x), -1)[:, :3] if len(x) <= self.rows else x.sum()


def test_the_helper_runs_the_model_in_batches_and_reports_a_wrong_output_as_it_is():
    from grader.isolation.child import helpers_training as h

    n = 2 * h.EVAL_BATCH + 7  # batches that do not divide evenly
    x = np.random.default_rng(0).normal(size=(n, 5)).astype(np.float32)
    linear = torch.nn.Linear(5, 4)
    with torch.no_grad():
        whole = linear(torch.from_numpy(x))
    out = h.forward(linear, x, "float32")
    assert out.shape == (n, 4) and torch.allclose(out, whole, atol=1e-6)
    assert np.array_equal(h.predict(linear, x, "float32"), whole.argmax(1).numpy())
    bad = _RowsThenScalar(rows=0)  # a scalar for every batch: reported from the whole of x
    assert h.forward(bad, x, "float32").dim() == 0 and bad.seen == [h.EVAL_BATCH, n]
    partial = _RowsThenScalar(rows=h.EVAL_BATCH)  # rows per batch: joined, one row per image
    assert h.forward(partial, x, "float32").shape == (n, 3) and partial.seen == [h.EVAL_BATCH] * 2 + [7]


class _Proxy:
    """A stand-in for the student proxy: ``measured("train", ...)`` returns a canned run and measure."""

    def __init__(self, run, measure):
        self.run, self.measure = run, measure

    def with_timeout(self, seconds):
        return self

    def helper(self, name):
        return self

    def measured(self, fn, *args, **kwargs):
        return dict(self.run), dict(self.measure)


def test_the_training_time_is_the_graders_and_a_budget_evaded_fails():
    from grader.core.feedback import Feedback
    from grader.core.training import Trainer, over_budget
    from grader.isolation.runner import RemoteObject

    model = RemoteObject(None, 1, "torch.nn.Linear")
    run = {"model": model, "seconds": 1.0, "cpu_seconds": 1.0, "budget_clock": "cpu"}
    t = Trainer(_Proxy(run, {"wall_s": 30.0, "cpu_s": 20.0}), inputs="float32", input_shape="3",
                keys={"not_module": "core.values", "train_returns": "core.values"})
    got = t.train(model, np.zeros((2, 3)), np.zeros(2), 1)  # no budget: reported, never a verdict
    assert got["unwatched_backward"] == 0
    assert (got["seconds"], got["cpu_seconds"], got["child_seconds"], got["child_cpu_seconds"]) == (30, 20, 1, 1)
    assert t.train(model, np.zeros((2, 3)), np.zeros(2), 1, budget_s=10)["cpu_seconds"] == 20  # within the margin
    t.student.run.update(losses=np.ones(12), backward_calls=3)  # 12 losses arrived, the hooks saw 3 passes
    assert t.train(model, np.zeros((2, 3)), np.zeros(2), 1)["unwatched_backward"] == 9
    t.student.run.update(backward_calls=0)  # none: the tests say no gradient reached the model
    assert t.train(model, np.zeros((2, 3)), np.zeros(2), 1)["unwatched_backward"] == 0
    t.student.measure["cpu_s"] = over_budget(10) + 1  # the child says 1 s; the grader saw far more
    with pytest.raises(Feedback) as info:
        t.train(model, np.zeros((2, 3)), np.zeros(2), 1, budget_s=10)
    assert info.value.key == "core.over_budget" and info.value.params["clock"] == "CPU"


def test_a_short_run_the_budget_stopped_is_not_checked():
    from grader.core.feedback import NotChecked
    from grader.core.training import from_quick

    run = {"stopped": True, "samples_seen": 100, "budget_clock": "cpu"}
    with pytest.raises(NotChecked) as info:
        from_quick({"run": run, "before": 1.0, "after": 0.5, "needed": 200, "epochs": 2})
    assert info.value.key == "core.not_checked.budget" and info.value.params["clock"] == "CPU"
    done = {"stopped": True, "samples_seen": 200}
    assert from_quick({"run": done, "before": 1.0, "after": 0.5, "needed": 200, "epochs": 2})["run"] is done
    unwatched = {"stopped": False, "samples_seen": 200, "backward_calls": 3, "unwatched_backward": 9}
    with pytest.raises(NotChecked) as info:  # the hooks saw 3 backward passes, 12 losses arrived
        from_quick({"run": unwatched, "before": 1.0, "after": 0.5, "needed": 200, "epochs": 2})
    assert info.value.key == "core.not_checked.watch" and info.value.params == {"watched": 3, "losses": 12}
    own = {"stopped": False, "samples_seen": 50}  # the student's loop ended early by itself: a verdict
    assert from_quick({"run": own, "before": 1.0, "after": 0.5, "needed": 200, "epochs": 2})["run"] is own
