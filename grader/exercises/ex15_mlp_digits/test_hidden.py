"""Hidden tests for ex15_mlp_digits.

The model lives in the child from start to end: the grader holds a handle and drives it through
``grader/childside/helpers_ex15_mlp_digits.py`` (seed and build, describe, forward, predict, and
run the student's ``train`` while watching the parameters' gradients). Training data and the
test FEATURES go in; logits and predicted classes come back; the labels of the held-out images
never leave the grader, which computes the loss and the accuracy itself.

The data: the digits shipped in grader/data, split by ``grader.digits_data.digits_split(3)``
(stratified, 1438 training and 359 held-out images). Split seeds differ in difficulty by about a
point of accuracy (seed 0 is the hardest of the first six, ≈ 96 % for the reference; seed 3 is a
typical one, ≈ 97–98 %). The grader scales pixels by 1/16 itself, so a wrong ``preprocess`` costs
only its own test.

Known wrong answers are named from what the helpers observe: a Softmax layer at the end (outputs
that are probabilities), a model that is affine (f(a) + f(b) = f(a + b) + f(0): no activation
between the Linear layers; a linear model alone reaches ≈ 95 % here, so accuracy cannot tell),
gradients that were still in ``.grad`` when the next backward pass arrived (no ``zero_grad``),
pixels scaled by 255 or not at all, and CrossEntropyLoss given targets it does not take.
"""
from __future__ import annotations

import functools
import re
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from grader.checks import Cases, as_array, assert_close, assert_raises
from grader.digits_data import Split, digits_split
from grader.feedback import Feedback
from grader.plugin import Abort
from grader.runner import RemoteObject, StudentError

CHILD = {"torch": True, "memory_mb": 6144, "call_timeout_s": 20, "cpu_s": 300}
EX = "ex15_mlp_digits"
HELPERS = "helpers_ex15_mlp_digits"
DATA = "ex15_mlp_digits.concept.data"
MODEL = "ex15_mlp_digits.concept.model"
TRAINING = "ex15_mlp_digits.concept.training"
RESULT = "ex15_mlp_digits.concept.result"
VALID = "ex15_mlp_digits.concept.validation"

SEED = 0
SPLIT_SEED = 3
EPOCHS = 30
MIN_ACCURACY = 0.95
MAX_TRAIN_S = 20.0
QUICK_N, QUICK_EPOCHS = 512, 3
TARGET_ERROR = re.compile(r"target|class probabilities", re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def split() -> Split:
    return digits_split(SPLIT_SEED)


def scaled(pixels: np.ndarray) -> np.ndarray:
    return (pixels / 16.0).astype(np.float32)


def helpers(student, timeout: float | None = None) -> Any:
    return (student.with_timeout(timeout) if timeout else student).helper(HELPERS)


# ---- driving the model in the child -------------------------------------------------------------

def build(student) -> RemoteObject:
    model = helpers(student).build(SEED)
    if not isinstance(model, RemoteObject):
        raise Feedback(f"{EX}.not_module", type=type(model).__name__)
    return model


def describe(student, model: RemoteObject) -> dict[str, Any]:
    info = helpers(student).describe(model)
    if not info["is_module"]:
        raise Feedback(f"{EX}.not_module", type=info["type"])
    return info


def forward(student, model: RemoteObject, x: np.ndarray) -> np.ndarray:
    what = f"model(x) for x of shape {x.shape}"
    out = helpers(student).forward(model, x)
    if isinstance(out, RemoteObject):
        raise Feedback("core.wrong_type", what=what, expected="a tensor", got=out.type_name)
    arr = as_array(out, what, allow_scalar=False)
    if arr.shape != (len(x), 10):
        raise Feedback("core.shape", what=what, expected=(len(x), 10), got=arr.shape)
    return arr.astype(np.float64)


def run_train(student, model: RemoteObject, x: np.ndarray, y: np.ndarray, epochs: int,
              timeout: float = 60) -> dict[str, Any]:
    """The student's train under the seed, with what the helper saw; its model must come back."""
    try:
        run = helpers(student, timeout).train(model, x, y, epochs, SEED)
    except StudentError as exc:
        if TARGET_ERROR.search(exc.message) and not exc.is_a(ValueError):
            raise Feedback("core.raised", hint=f"{EX}.ce_targets", type=exc.type_name, message=exc.message) from None
        raise
    if not isinstance(run["model"], RemoteObject):
        raise Feedback(f"{EX}.train_returns", got=type(run["model"]).__name__)
    return run


def affine_residual(student, model: RemoteObject) -> float:
    """max |f(a) + f(b) − f(a + b) − f(0)| relative to max |f|: ≈ 1e-7 for an affine f (float32)."""
    rng = np.random.default_rng(11)
    a, b = rng.uniform(0, 0.5, (8, 64)), rng.uniform(0, 0.5, (8, 64))
    out = forward(student, model, np.concatenate([a, b, a + b, np.zeros((1, 64))]))
    fa, fb, fab, f0 = out[:8], out[8:16], out[16:24], out[24:]
    scale = max(float(np.abs(out).max()), 1e-6)
    return float(np.abs(fa + fb - fab - f0).max()) / scale


def is_probabilities(out: np.ndarray) -> bool:
    return bool(np.all(out >= -1e-6) and np.all(out <= 1 + 1e-6) and np.allclose(out.sum(axis=1), 1, atol=1e-4))


def cross_entropy(logits: np.ndarray, y: np.ndarray) -> float:
    return float(F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(y)))


@pytest.fixture(scope="module")
def quick(student) -> dict[str, Any]:
    """A short run shared by two tests: loss on 512 training images, 3 epochs on them, loss again.

    A failure is kept and raised again inside each test that needs the run.
    """
    s = split()
    x, y = scaled(s.X_train[:QUICK_N]), s.y_train[:QUICK_N]
    try:
        model = build(student)
        before = cross_entropy(forward(student, model, x), y)
        run = run_train(student, model, x, y, QUICK_EPOCHS)
        after = cross_entropy(forward(student, run["model"], x), y)
        return {"run": run, "before": before, "after": after}
    except (Exception, Abort) as exc:
        return {"error": exc}


def from_quick(quick: dict[str, Any]) -> dict[str, Any]:
    if "error" in quick:
        raise quick["error"]
    return quick


# ---- data ----------------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.concept(DATA)
def test_preprocess_scales_to_unit_interval(student):
    rng = np.random.default_rng(5)
    full = rng.integers(0, 17, (20, 64))
    full[0, 0] = 16
    dim = rng.integers(0, 16, (6, 64))  # brightest pixel 15: dividing by the maximum is wrong here
    with Cases() as cases:
        for name, pixels in (("pixels 0..16", full), ("pixels 0..15", dim), ("the first 50 training images", split().X_train[:50])):
            with cases.case():
                what = f"preprocess({name})"
                got = student.preprocess(pixels)
                mistakes = {f"{EX}.input_scaling": lambda g, p=pixels: any(
                    np.allclose(g, v, rtol=1e-5) for v in (p / 255.0, p, p / max(p.max(), 1), p / 15.0))}
                arr = assert_close(got, pixels / 16.0, what, rtol=1e-6, atol=1e-7, mistakes=mistakes)
                if arr.dtype != np.float32:
                    raise Feedback("core.dtype", hint=f"{EX}.float32", what=what, expected="float32", got=str(arr.dtype))


# ---- the model ---------------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.concept(MODEL)
def test_model_is_sequential(student):
    info = describe(student, build(student))
    if not info["is_sequential"]:
        raise Feedback(f"{EX}.not_sequential_type", hint=f"{EX}.not_sequential", type=info["type"])


@pytest.mark.points(1)
@pytest.mark.concept(MODEL)
def test_output_shape(student):
    model = build(student)
    for n in (1, 7):
        forward(student, model, scaled(split().X_test[:n]))


@pytest.mark.points(1)
@pytest.mark.concept(MODEL)
def test_outputs_are_logits(student):
    model = build(student)
    out = forward(student, model, scaled(split().X_test[:32]))
    if not np.all(np.isfinite(out)):
        raise Feedback("core.not_finite", what="model(x)")
    if is_probabilities(out):
        raise Feedback(f"{EX}.probabilities", hint=f"{EX}.softmax_before_ce")


@pytest.mark.points(1.5)
@pytest.mark.concept(MODEL)
def test_model_is_not_affine(student):
    residual = affine_residual(student, build(student))
    if residual < 1e-4:
        raise Feedback(f"{EX}.affine", hint=f"{EX}.no_activation", residual=residual)


# ---- training ----------------------------------------------------------------------------------------

@pytest.mark.points(1.5)
@pytest.mark.concept(TRAINING)
def test_few_steps_lower_the_loss(student, quick):
    q = from_quick(quick)
    if not q["after"] < 0.99 * q["before"]:
        hint = f"{EX}.forgot_zero_grad" if q["run"]["stale_gradients"] else None
        raise Feedback(f"{EX}.loss_not_lower", hint=hint, n=QUICK_N, epochs=QUICK_EPOCHS,
                       before=q["before"], after=q["after"])


@pytest.mark.points(1)
@pytest.mark.concept(TRAINING)
def test_gradients_are_zeroed_each_step(student, quick):
    run = from_quick(quick)["run"]
    if run["backward_calls"] == 0:
        raise Feedback(f"{EX}.no_backward", epochs=QUICK_EPOCHS)
    if run["stale_gradients"]:
        raise Feedback(f"{EX}.stale_gradients", hint=f"{EX}.forgot_zero_grad", calls=run["backward_calls"])


# ---- the result: held-out accuracy ----------------------------------------------------------------------

@pytest.mark.points(4)
@pytest.mark.concept(RESULT)
def test_held_out_accuracy(student, grading):
    s = split()
    model = build(student)
    info = describe(student, model)
    run = run_train(student, model, scaled(s.X_train), s.y_train, EPOCHS, timeout=3 * MAX_TRAIN_S)
    predicted = helpers(student).predict(run["model"], scaled(s.X_test))
    predicted = as_array(predicted, "predicted classes")
    accuracy = float(np.mean(predicted == s.y_test)) if predicted.shape == s.y_test.shape else 0.0
    grading.report(accuracy=round(accuracy, 4), train_seconds=round(run["seconds"], 2),
                   parameters=info["parameters"], epochs=EPOCHS)
    if run["seconds"] > MAX_TRAIN_S:
        raise Feedback(f"{EX}.too_slow", seconds=run["seconds"], limit=MAX_TRAIN_S, epochs=EPOCHS)
    if accuracy < MIN_ACCURACY:
        if run["stale_gradients"]:
            hint = f"{EX}.forgot_zero_grad"
        elif "Softmax" in info["layers"]:
            hint = f"{EX}.softmax_before_ce"
        elif affine_residual(student, run["model"]) < 1e-4:
            hint = f"{EX}.no_activation"
        else:
            hint = None
        raise Feedback(f"{EX}.low_accuracy", hint=hint, accuracy=100 * accuracy, threshold=100 * MIN_ACCURACY,
                       n=len(s.y_test), epochs=EPOCHS)


# ---- invalid input ----------------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.concept(VALID)
def test_rejects_invalid_input(student):
    ok = split().X_train[:10]
    with Cases() as cases:
        for name, bad in (("shape (10, 63)", ok[:, :63]), ("a pixel of 17", np.where(ok == 0, 17, ok)),
                          ("a negative pixel", ok - 1), ("8×8 images, not flattened", ok.reshape(10, 8, 8))):
            with cases.case():
                assert_raises(lambda b=bad: student.preprocess(b), ValueError, f"preprocess({name})",
                              hint=f"{EX}.no_validation")
        for name, (x, y, epochs) in (("9 labels for 10 images", (scaled(ok), split().y_train[:9], 1)),
                                     ("epochs = 0", (scaled(ok), split().y_train[:10], 0)),
                                     ("x of shape (10, 63)", (scaled(ok)[:, :63], split().y_train[:10], 1))):
            with cases.case():
                model = build(student)
                assert_raises(lambda: helpers(student).train(model, x, y, epochs, SEED), ValueError,
                              f"train({name})", hint=f"{EX}.no_validation")
