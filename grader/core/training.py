"""The grader's side of training exercises: drive a student's torch model that lives in the child.

An exercise whose student writes ``build_model()`` and ``train(...)`` asks for the child helper
``training`` (``[child] helpers = ["training"]`` in its ``exercise.toml``) and configures one
``Trainer`` in its tests: how inputs are laid out, the seed and threads, whether ``train`` takes a
device, and which catalogue keys name the usual errors. The model never leaves the child; the
grader gets a handle (``RemoteObject``), outputs and predictions as plain data, and computes every
loss and accuracy itself.

What a verdict depends on is measured here where it can be: the training time by the grader's own
clock around the call (wall time less the time spent answering callbacks; the CPU seconds of the
child's whole process tree, read from ``/proc``), and the model's size from the parameters and
buffers the child sends as arrays (``size``). The child's own figures stay in the run as
``child_seconds`` and ``child_cpu_seconds``. What only the child can see (a gradient left in
``.grad``, a backward pass in evaluation mode) is observed by helpers bound before the student's
module loads (``helpers_training``).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.core.checks import as_array
from grader.core.feedback import Feedback, NotChecked, quoted
from grader.core.plugin import Abort, StudentProxy
from grader.isolation.runner import RemoteObject, StudentError

# What torch says when CrossEntropyLoss gets targets it does not take, or a layer gets the wrong width.
TARGET_ERROR = re.compile(r"target|class probabilities|multi-target", re.IGNORECASE)
SHAPE_ERROR = re.compile(r"mat1 and mat2 shapes cannot be multiplied|size mismatch|shape '\[.*\]' is invalid",
                         re.IGNORECASE)


@dataclass
class Trainer:
    """How one exercise's tests drive the student's model.

    inputs        — "images_u8" (uint8 (N, H, W), scaled to float32 (N, 1, H, W) in [0, 1] in the
                    child) or "float32" (feature rows (N, D))
    input_shape   — how one input is described in messages, e.g. "1, 28, 28"
    classes       — the number of output scores per input
    with_device   — ``train(model, x, y, device, epochs)`` rather than ``train(model, x, y, epochs)``
    output_dtype  — the dtype the outputs must have (None: any floating dtype)
    keys          — catalogue keys: "not_module", "train_returns" (messages), and the hints
                    "targets" (CrossEntropyLoss given the wrong targets) and "shapes" (a layer of
                    the wrong width), when the exercise names them
    """

    student: StudentProxy
    inputs: str
    input_shape: str
    keys: dict[str, str]
    classes: int = 10
    seed: int = 0
    threads: int = 1
    with_device: bool = False
    output_dtype: str | None = None

    def helpers(self, timeout: float | None = None) -> StudentProxy:
        return (self.student.with_timeout(timeout) if timeout else self.student).helper("training")

    def _reraise(self, exc: StudentError) -> None:
        """Name a known mistake from the message torch raised, else re-raise as it is."""
        if "targets" in self.keys and TARGET_ERROR.search(exc.message) and not exc.is_a(ValueError):
            raise Feedback("core.raised", hint=self.keys["targets"], type=exc.type_name,
                           message=quoted(exc.message)) from None
        if "shapes" in self.keys and SHAPE_ERROR.search(exc.message):
            raise Feedback("core.raised", hint=self.keys["shapes"], type=exc.type_name,
                           message=quoted(exc.message)) from None
        raise exc

    # ---- the model ------------------------------------------------------------------------------
    def build(self) -> RemoteObject:
        """The student's ``build_model()`` under the seed, as a handle."""
        model = self.helpers().build(self.seed, self.threads)
        if not isinstance(model, RemoteObject):
            raise Feedback(self.keys["not_module"], type=type(model).__name__)
        return model

    def describe(self, model: RemoteObject) -> dict[str, Any]:
        info = self.helpers().describe(model)
        if not info["is_module"]:
            raise Feedback(self.keys["not_module"], type=info["type"])
        return info

    def size(self, model: RemoteObject) -> dict[str, Any]:
        """``{"parameters", "state_bytes", "reported"}``: the number of parameters and the bytes of the
        parameters and buffers, counted HERE from the arrays the child sends (a tensor of a dtype numpy
        lacks, bfloat16 say, arrives as float32 and counts 4 bytes an element), and the child's own
        ``describe`` (``reported``), which is not used for a verdict."""
        info = self.describe(model)
        state = self.helpers().state(model)
        counted = {}
        for kind in ("parameters", "buffers"):
            arrays = state.get("parameters" if kind == "parameters" else "buffers") if isinstance(state, dict) else None
            if not isinstance(arrays, list) or not all(isinstance(a, np.ndarray) for a in arrays):
                raise Feedback(self.keys["not_module"], type=info["type"])
            counted[kind] = arrays
        params = sum(int(a.size) for a in counted["parameters"])
        nbytes = sum(int(a.nbytes) for a in counted["parameters"] + counted["buffers"])
        return {"parameters": params, "state_bytes": nbytes, "reported": info}

    def forward(self, model: RemoteObject, x: np.ndarray) -> np.ndarray:
        """The model's outputs for inputs ``x``: (N, classes) floats, or Feedback saying what came."""
        what = f"model(x) for x of shape ({len(x)}, {self.input_shape})"
        try:
            out = self.helpers().forward(model, x, self.inputs, self.seed, self.threads)
        except StudentError as exc:
            self._reraise(exc)
        if isinstance(out, RemoteObject):
            raise Feedback("core.wrong_type", what=what, expected="a tensor", got=out.type_name)
        arr = as_array(out, what, allow_scalar=False)
        if arr.shape != (len(x), self.classes):
            hint = self.keys.get("shapes") if arr.ndim != 2 or arr.shape[0] != len(x) else None
            raise Feedback("core.shape", hint=hint, what=what, expected=(len(x), self.classes), got=arr.shape)
        if self.output_dtype is not None and arr.dtype != np.dtype(self.output_dtype):
            raise Feedback("core.dtype", what=what, expected=self.output_dtype, got=str(arr.dtype))
        if not np.all(np.isfinite(arr)):
            raise Feedback("core.not_finite", what=what, values=None)
        return arr.astype(np.float64)

    def train(self, model: RemoteObject, x: np.ndarray, y: np.ndarray, epochs: int, *, device: str = "cpu",
              budget_s: float | None = None, start_in_eval: bool = False,
              progress: Callable[[dict], None] | None = None, timeout: float = 60,
              stop_when: tuple[np.ndarray, Callable[[np.ndarray], bool]] | None = None) -> dict[str, Any]:
        """The student's ``train`` under the seed, watched by the helper; its model must come back.

        ``budget_s``: CPU seconds of the child on the CPU, wall seconds on a GPU. ``stop_when=(images,
        goal)``: after each epoch the model predicts ``images`` and ``goal(predicted classes)`` (run
        here, in the grader, where the labels are) decides whether training may end there.

        ``run["seconds"]`` and ``run["cpu_seconds"]`` are the grader's measurements of the call (see
        the module docstring); a run that went past ``budget_s`` by this clock by more than the last
        batch can explain (``over_budget``) fails with ``core.over_budget``: the budget the child
        enforces was evaded."""
        eval_x, goal = stop_when if stop_when is not None else (None, None)
        evaluate = None if goal is None else (lambda predicted: bool(goal(np.asarray(predicted))))
        try:
            run, measure = self.helpers(timeout).measured(
                "train", model, x, y, epochs, self.inputs, self.seed, self.threads,
                device if self.with_device else None, budget_s, start_in_eval, progress, eval_x, evaluate)
        except StudentError as exc:
            self._reraise(exc)
        if not isinstance(run, dict) or not isinstance(run.get("model"), RemoteObject):
            got = run.get("model") if isinstance(run, dict) else run
            raise Feedback(self.keys["train_returns"], got=type(got).__name__)
        # Cross-check: every scalar loss the child recorded arrives here as a value of the loss curve; the
        # gradient watch on the first parameter must have seen as many backward passes, unless it saw none
        # (the tests then say that no gradient reached the model).
        recorded, watched = len(np.asarray(run.get("losses", ()))), int(run.get("backward_calls", 0))
        run["unwatched_backward"] = recorded - watched if 0 < watched < recorded else 0
        run["child_seconds"], run["child_cpu_seconds"] = run.get("seconds"), run.get("cpu_seconds")
        run["seconds"], run["cpu_seconds"] = measure["wall_s"], measure["cpu_s"]
        if budget_s:
            wall = run.get("budget_clock") == "wall"
            spent = run["seconds"] if wall else run["cpu_seconds"]
            if spent > over_budget(budget_s):
                raise Feedback("core.over_budget", seconds=spent, budget=budget_s,
                               clock="wall-clock" if wall else "CPU")
        return run

    def train_raw(self, model: RemoteObject, x: np.ndarray, y: np.ndarray, epochs: int) -> Any:
        """Call ``train`` with no interpretation of its errors (for tests that expect a ValueError)."""
        return self.helpers().train(model, x, y, epochs, self.inputs, self.seed, self.threads,
                                    "cpu" if self.with_device else None)

    def predict(self, model: RemoteObject, x: np.ndarray, batch_size: int | None = None,
                timeout: float | None = None) -> np.ndarray:
        """Predicted classes, ``batch_size`` inputs per forward pass (by default the child helper's
        ``EVAL_BATCH``)."""
        return as_array(self.helpers(timeout).predict(model, x, self.inputs, batch_size, self.threads),
                        "predicted classes")

    def cuda_available(self) -> bool:
        return bool(self.helpers().cuda_available())

    def device_name(self, device: str) -> str:
        return str(self.helpers().device_name(device))


def over_budget(budget_s: float) -> float:
    """Past how many seconds by the grader's clock a budgeted run has evaded its budget: the helper stops
    a loop at its first forward pass past ``budget_s`` (the child's clock), so only the last batch,
    the inputs' conversion and the return come on top."""
    return 1.25 * budget_s + 15.0


def is_probabilities(out: np.ndarray, atol: float = 1e-3) -> bool:
    """Rows in [0, 1] summing to 1: a softmax at the end of the model."""
    return bool(np.all(out >= -1e-6) and np.all(out <= 1 + 1e-6) and np.allclose(out.sum(axis=1), 1, atol=atol))


def cross_entropy(scores: np.ndarray, y: np.ndarray) -> float:
    """Mean cross-entropy of logits (or log-probabilities, which log-softmax leaves as they are)."""
    z = np.asarray(scores, dtype=np.float64)
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(y)), np.asarray(y, dtype=np.int64)].mean())


def quick_run(trainer: Trainer, x: np.ndarray, y: np.ndarray, epochs: int, **train_options: Any) -> dict[str, Any]:
    """One short run shared by several tests: the loss on (x, y), ``epochs`` of training, the loss again.

    Returns ``{"run", "before", "after"}``, or ``{"error": exc}``: each test that needs the run
    calls ``from_quick`` and so fails with the same cause.
    """
    try:
        model = trainer.build()
        before = cross_entropy(trainer.forward(model, x), y)
        run = trainer.train(model, x, y, epochs, **train_options)
        after = cross_entropy(trainer.forward(run["model"], x), y)
        return {"run": run, "before": before, "after": after, "needed": len(x) * epochs, "epochs": epochs}
    except (Exception, Abort) as exc:
        return {"error": exc}


def from_quick(quick: dict[str, Any]) -> dict[str, Any]:
    """The short run for a test that checks it; its failure, if it failed; or ``NotChecked`` when the
    budget stopped it before all its epochs ran (what the test looks for may happen only in the last
    one, say a loop that leaves evaluation mode on after the first), or when the gradient watch saw
    fewer backward passes than the losses that arrived (its hooks were taken off): unseen is never
    correct."""
    if "error" in quick:
        raise quick["error"]
    run = quick["run"]
    if run.get("unwatched_backward"):
        raise NotChecked("core.not_checked.watch", watched=int(run.get("backward_calls", 0)),
                         losses=int(run.get("backward_calls", 0)) + int(run["unwatched_backward"]))
    if run.get("stopped") and run.get("samples_seen", 0) < quick["needed"]:
        raise NotChecked("core.not_checked.budget", seen=int(run.get("samples_seen", 0)), needed=quick["needed"],
                         epochs=quick["epochs"],
                         clock="wall-clock" if run.get("budget_clock") == "wall" else "CPU")
    return quick


def failed_earlier(grading: Any, names: tuple[str, ...]) -> list[str]:
    """Which of the tests ``names`` already ran and failed in this grading."""
    return [r.name for r in grading.results if r.name in names and not r.passed]
