"""Hidden tests for ex15_mlp_digits.

The model lives in the child from start to end: the grader holds a handle and drives it through the
kit's training helper (``grader.author.Trainer``: seed and build, describe, forward, predict, and
run the student's ``train`` while watching the parameters' gradients). Training data and the
test FEATURES go in; logits and predicted classes come back; the labels of the held-out images
never leave the grader, which computes the loss and the accuracy itself.

The data: the digits shipped in grader/data, split by ``digits_split(3)`` of this folder's ``dataset.py``
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
from typing import Any

import numpy as np
import pytest

from grader.author import (
    Cases,
    Feedback,
    RemoteObject,
    Trainer,
    assert_close,
    assert_raises,
    from_quick,
    is_probabilities,
    keys,
    quick_run,
)
from grader.exercises.ex15_mlp_digits.dataset import Split, digits_split
from grader.exercises.ex15_mlp_digits.figure import figure_path, write_report

K = keys(__file__)
DATA = K("concept.data")
MODEL = K("concept.model")
TRAINING = K("concept.training")
RESULT = K("concept.result")
VALID = K("concept.validation")

SEED = 0
SPLIT_SEED = 3
EPOCHS = 30
MIN_ACCURACY = 0.95
MAX_TRAIN_S = 20.0
QUICK_N, QUICK_EPOCHS = 512, 3


@functools.cache
def split() -> Split:
    return digits_split(SPLIT_SEED)


def scaled(pixels: np.ndarray) -> np.ndarray:
    return (pixels / 16.0).astype(np.float32)


# ---- driving the model in the child -------------------------------------------------------------

def trainer(student) -> Trainer:
    return Trainer(student, inputs="float32", input_shape="64", seed=SEED, threads=1,
                   keys={"not_module": K("not_module"), "train_returns": K("train_returns"),
                         "targets": K("ce_targets")})


def affine_residual(t: Trainer, model: RemoteObject) -> float:
    """max |f(a) + f(b) − f(a + b) − f(0)| relative to max |f|: ≈ 1e-7 for an affine f (float32)."""
    rng = np.random.default_rng(11)
    a, b = rng.uniform(0, 0.5, (8, 64)), rng.uniform(0, 0.5, (8, 64))
    out = t.forward(model, np.concatenate([a, b, a + b, np.zeros((1, 64))]))
    fa, fb, fab, f0 = out[:8], out[8:16], out[16:24], out[24:]
    scale = max(float(np.abs(out).max()), 1e-6)
    return float(np.abs(fa + fb - fab - f0).max()) / scale


@pytest.fixture(scope="module")
def quick(student) -> dict[str, Any]:
    """A short run shared by two tests: loss on 512 training images, 3 epochs on them, loss again."""
    s = split()
    return quick_run(trainer(student), scaled(s.X_train[:QUICK_N]), s.y_train[:QUICK_N], QUICK_EPOCHS)


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
                mistakes = {K("input_scaling"): lambda g, p=pixels: any(
                    np.allclose(g, v, rtol=1e-5) for v in (p / 255.0, p, p / max(p.max(), 1), p / 15.0))}
                arr = assert_close(got, pixels / 16.0, what, rtol=1e-6, atol=1e-7, mistakes=mistakes)
                if arr.dtype != np.float32:
                    raise Feedback("core.dtype", hint=K("float32"), what=what, expected="float32", got=str(arr.dtype))


# ---- the model ---------------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.concept(MODEL)
def test_model_is_sequential(student):
    t = trainer(student)
    info = t.describe(t.build())
    if not info["is_sequential"]:
        raise Feedback(K("not_sequential_type"), hint=K("not_sequential"), type=info["type"])


@pytest.mark.points(1)
@pytest.mark.concept(MODEL)
def test_output_shape(student):
    t = trainer(student)
    model = t.build()
    for n in (1, 7):
        t.forward(model, scaled(split().X_test[:n]))


@pytest.mark.points(1)
@pytest.mark.concept(MODEL)
def test_outputs_are_logits(student):
    t = trainer(student)
    out = t.forward(t.build(), scaled(split().X_test[:32]))
    if not np.all(np.isfinite(out)):
        raise Feedback("core.not_finite", what="model(x)")
    if is_probabilities(out, atol=1e-4):
        raise Feedback(K("probabilities"), hint=K("softmax_before_ce"))


@pytest.mark.points(1.5)
@pytest.mark.concept(MODEL)
def test_model_is_not_affine(student):
    t = trainer(student)
    residual = affine_residual(t, t.build())
    if residual < 1e-4:
        raise Feedback(K("affine"), hint=K("no_activation"), residual=residual)


# ---- training ----------------------------------------------------------------------------------------

@pytest.mark.points(1.5)
@pytest.mark.concept(TRAINING)
def test_few_steps_lower_the_loss(student, quick):
    q = from_quick(quick)
    if not q["after"] < 0.99 * q["before"]:
        hint = K("forgot_zero_grad") if q["run"]["stale_gradients"] else None
        raise Feedback(K("loss_not_lower"), hint=hint, n=QUICK_N, epochs=QUICK_EPOCHS,
                       before=q["before"], after=q["after"])


@pytest.mark.points(1)
@pytest.mark.concept(TRAINING)
def test_gradients_are_zeroed_each_step(student, quick):
    run = from_quick(quick)["run"]
    if run["backward_calls"] == 0:
        raise Feedback(K("no_backward"), epochs=QUICK_EPOCHS)
    if run["stale_gradients"]:
        raise Feedback(K("stale_gradients"), hint=K("forgot_zero_grad"), calls=run["backward_calls"])


# ---- the result: held-out accuracy ----------------------------------------------------------------------

@pytest.mark.points(4)
@pytest.mark.concept(RESULT)
def test_held_out_accuracy(student, grading):
    s = split()
    t = trainer(student)
    model = t.build()
    info = t.describe(model)
    held_out = scaled(s.X_test)

    def score(predicted: np.ndarray) -> float:
        return float(np.mean(predicted == s.y_test)) if predicted.shape == s.y_test.shape else 0.0

    # Training ends after the first epoch whose model already classifies enough held-out images.
    run = t.train(model, scaled(s.X_train), s.y_train, EPOCHS, timeout=3 * MAX_TRAIN_S,
                  stop_when=(held_out, lambda predicted: score(predicted) >= MIN_ACCURACY))
    predicted = t.predict(run["model"], held_out, 512)
    accuracy = score(predicted)
    grading.report(accuracy=round(accuracy, 4), train_seconds=round(run["seconds"], 2),
                   train_cpu_seconds=round(run["cpu_seconds"], 2), parameters=info["parameters"], epochs=EPOCHS,
                   epochs_done=round(run["samples_seen"] / len(s.y_train), 2), reached_goal_early=run["reached_goal"])
    path = figure_path(grading.options.get("figures"))
    if write_report(path, run, len(s.y_train), s.y_test, predicted, accuracy, MIN_ACCURACY, "cpu (1 thread)",
                    grading.lang):
        grading.report(figure=str(path))
    # CPU time of the child's process tree during the call, measured by the grader (from /proc), not the
    # child's own report: a busy machine does not count, and a forged clock in the child does not either.
    if run["cpu_seconds"] > MAX_TRAIN_S:
        raise Feedback(K("too_slow"), seconds=run["cpu_seconds"], limit=MAX_TRAIN_S, epochs=EPOCHS)
    if accuracy < MIN_ACCURACY:
        if run["stale_gradients"]:
            hint = K("forgot_zero_grad")
        elif "Softmax" in info["layers"]:
            hint = K("softmax_before_ce")
        elif affine_residual(t, run["model"]) < 1e-4:
            hint = K("no_activation")
        else:
            hint = None
        raise Feedback(K("low_accuracy"), hint=hint, accuracy=100 * accuracy, threshold=100 * MIN_ACCURACY,
                       n=len(s.y_test), epochs=EPOCHS)


# ---- invalid input ----------------------------------------------------------------------------------------

@pytest.mark.points(1)
@pytest.mark.concept(VALID)
def test_rejects_invalid_input(student):
    ok = split().X_train[:10]
    with Cases() as cases:
        for name, bad in (("shape (10, 63)", ok[:, :63]), ("a pixel of 17", np.where(ok == 0, 17, ok)),
                          ("a negative pixel", ok - 1), ("images of shape (10, 8, 8)", ok.reshape(10, 8, 8))):
            with cases.case():
                assert_raises(lambda b=bad: student.preprocess(b), ValueError, f"preprocess({name})",
                              hint=K("no_validation"))
        for name, (x, y, epochs) in (("9 labels for 10 images", (scaled(ok), split().y_train[:9], 1)),
                                     ("epochs = 0", (scaled(ok), split().y_train[:10], 0)),
                                     ("x of shape (10, 63)", (scaled(ok)[:, :63], split().y_train[:10], 1)),
                                     ("labels of shape (10, 1)", (scaled(ok), split().y_train[:10, None], 1))):
            with cases.case():
                t = trainer(student)
                model = t.build()
                assert_raises(lambda: t.train_raw(model, x, y, epochs), ValueError,
                              f"train({name})", hint=K("no_validation"))
