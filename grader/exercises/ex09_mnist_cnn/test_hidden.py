"""Hidden tests for ex09_mnist_cnn.

The model lives in the child from start to end: the grader holds a handle and drives it through the
kit's training helper (``grader.author.Trainer``: seed and build, describe, forward, predict, and
run the student's ``train`` while watching forward passes, gradients and the loss). Training images
and labels go in; for evaluation only the test IMAGES go in and predicted classes come back. The
test labels never leave the grader, which computes the loss and the accuracy itself.

Order matters. The quick tests come first (no full training: shapes for several batch sizes, the
size budget, a short run on 8,192 training images that must lower the loss with gradients zeroed
and the model in training mode, determinism, invalid input). The accuracy test then trains on the
whole training set only when the quick tests that show a broken model or loop (``GATE``) passed:
a model known to be wrong is not given minutes of training, and its accuracy points are lost
with a message saying which quick test to fix first. The size budget and determinism do not gate.

Tiers (``--device auto|cpu|cuda``, chosen in the grader), decided on the distorted test images
(below): the GPU tier (96.0 % within 60 s, ``epochs=15``) when the device is cuda, or auto and CUDA is
available to the grader AND the child may use the GPU (the ``gpu`` limit, "auto": the engine gives the
child the NVIDIA devices when --device is not cpu and the machine has them); else the CPU tier (92.0 %
within 120 s of training on 2 threads, ``epochs=8``). On the published test images these are about
99 % and 98 %: the report gives both accuracies (``accuracy``, distorted; ``clean_accuracy``). The CPU
tier's budget is the child's CPU time (240 s: 120 s of two threads),
so a busy machine delays the verdict without changing it; the GPU tier's is wall time. Training is
stopped at the budget (at the next forward pass) and the model is evaluated as it stands; a loop
that never returns is ended by the call's time limit. A quick test that the budget stopped before it
could see what it checks (the second epoch) is "not checked", never passed.

Memorisation: the child's filesystem does not contain the grader (so not the shipped MNIST files),
the file may not exceed ``source_kb`` of ``exercise.toml`` (64 KB; the engine grades a larger one 0),
and the evaluation images are the test images, each moved by its own small random distortion (a
rotation within ±10°, a shift within ±2 pixels, a mild elastic displacement: ``evaluation_images``)
drawn from a generator seeded by the SHA-256 of the submission. The same file meets the same images
at every regrading; a file cannot carry the answers to its own images, since adding them changes the
draw. A table of the published test images that answers any image near a stored one finds none of
them, and a plain nearest neighbour among the 10,000 published images scores about 81 %
(``tests/test_lookup_tier.py``), while the reference keeps 94-97 % (2-4 points below its accuracy
on the published images). The distortion alone does not stop a smarter table: a nearest
neighbour that also tries each published image shifted by up to 2 pixels labels 99 % of the
distorted images correctly; the size bound is what keeps the test set (1.6 MB compressed) out of
the file. The early stop (``stop_when``) and the final accuracy use the same distorted images.

After the accuracy test the grader writes a PNG with the loss curve and the test confusion matrix
(rows = true class) to ``ex09_mnist_cnn_report.png`` in the folder ``grading.options["figures"]``
(``grade --figures DIR``, default: the working directory), drawn by ``figure.py`` of this folder.
"""
from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pytest
import torch

from grader.author import (
    Cases,
    Feedback,
    Trainer,
    assert_raises,
    failed_earlier,
    from_quick,
    is_probabilities,
    keys,
    quick_run,
)
from grader.exercises.ex09_mnist_cnn import dataset as mnist
from grader.exercises.ex09_mnist_cnn.figure import figure_path, write_report_png

K = keys(__file__)
MODEL = K("concept.model")
SHAPES = K("concept.shapes")
TRAINING = K("concept.training")
RESULT = K("concept.result")
VALID = K("concept.validation")

SEED = 0
THREADS = 2
MAX_PARAMETERS = 1_500_000
MAX_STATE_BYTES = 8 * 2**20
QUICK_N, QUICK_EPOCHS = 8192, 2
QUICK_BUDGET_S = 40.0  # CPU seconds: the short run stops here too (the reference needs about 3)
BATCH_SIZES = (1, 2, 7, 64)
# Thresholds on the distorted test images (``evaluation_images``), measured on the CPU (2 threads; grading
# the reference and the second implementation under several file hashes, and training them outside the
# grader with accuracy after each epoch). At 98.0 % on the published images (the old CPU tier) models
# score 91-93 % on the distorted ones: the CPU tier is 92 %. The reference scores 94.3-94.9 % there
# after 2 epochs (98.5 % published) and 97.0 % after 8 (99.35 %); the second implementation 93.1-93.3 %
# after 3 (98.5 %) and 94.4 % after 8 (98.9 %); a nearest neighbour among the published test images
# 81 %. GPU (not measured on a GPU): the old 99.0 % on published images less the gap measured on the
# CPU between the reference's two accuracies at that level (99.07 % published ↔ 96.0 % distorted).
TIERS = {
    "cpu": {"threshold": 0.92, "budget_s": 240.0, "epochs": 8},  # CPU seconds of the child (2 threads)
    "gpu": {"threshold": 0.96, "budget_s": 60.0, "epochs": 15},
}
DISTORTION = {"shift": 2.0, "degrees": 10.0, "elastic": 1.0}  # of mnist.distort
CALL_MARGIN_S = 90.0  # past the budget: the last batch, returning, and a loop that ignores the stop
# Quick tests whose failure means the model or its loop is broken: the accuracy test waits for them.
GATE = ("returns_module", "output_shape_and_dtype", "outputs_are_logits_or_log_probabilities",
        "few_steps_lower_the_loss", "gradients_are_zeroed_each_step", "trains_in_training_mode")


# ---- data ------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def data() -> mnist.Mnist:
    return mnist.load()


@functools.lru_cache(maxsize=1)
def train_labels() -> np.ndarray:
    return data().train_labels.astype(np.int64)


def evaluation_images(grading) -> np.ndarray:
    """The test images, each moved by its own small random distortion drawn for this submission.

    A rotation within ±10°, a shift within ±2 pixels along each axis and a mild elastic displacement
    (``mnist.distort``), from a generator seeded by the SHA-256 of the submission's bytes: the same
    file always meets the same images (a regrading gives the same verdict), and no file can hold the
    answers to its own images, since adding them changes its hash. A convolutional network keeps
    most of its accuracy on them; a table of the published test images, or a nearest neighbour
    among them, does not (``tests/test_lookup_tier.py``).
    """
    return _distorted(grading.submission_sha256)


@functools.lru_cache(maxsize=2)
def _distorted(digest: str) -> np.ndarray:
    return mnist.distort(data().test_images, np.random.default_rng(int(digest, 16)), **DISTORTION)


def probe_images() -> np.ndarray:
    """Inputs for the quick tests (any images do: their labels are never used)."""
    return data().train_images[-64:]


def quick_set() -> tuple[np.ndarray, np.ndarray]:
    return data().train_images[:QUICK_N], train_labels()[:QUICK_N]


# ---- driving the model in the child -------------------------------------------------------------

def trainer(student) -> Trainer:
    return Trainer(student, inputs="images_u8", input_shape="1, 28, 28", seed=SEED, threads=THREADS,
                   with_device=True, output_dtype="float32",
                   keys={"not_module": K("not_module"), "train_returns": K("train_returns"),
                         "targets": K("labels_shape"), "shapes": K("flatten_size")})


@pytest.fixture(scope="module")
def quick(student) -> dict[str, Any]:
    """One short run shared by three tests: loss on 8,192 training images, 2 epochs on them, loss again."""
    x, y = quick_set()
    return quick_run(trainer(student), x, y, QUICK_EPOCHS, budget_s=QUICK_BUDGET_S, start_in_eval=True)


# ---- the model -----------------------------------------------------------------------------------

@pytest.mark.points(0.5)
@pytest.mark.concept(MODEL)
def test_returns_module(student):
    t = trainer(student)
    t.describe(t.build())


@pytest.mark.points(1.5)
@pytest.mark.concept(SHAPES)
def test_output_shape_and_dtype(student):
    t = trainer(student)
    model = t.build()
    x = probe_images()
    with Cases() as cases:
        for n in BATCH_SIZES:
            with cases.case():
                t.forward(model, x[:n])


@pytest.mark.points(1)
@pytest.mark.concept(MODEL)
def test_outputs_are_logits_or_log_probabilities(student):
    t = trainer(student)
    out = t.forward(t.build(), probe_images()[:32])
    if is_probabilities(out):
        raise Feedback(K("probabilities"), hint=K("softmax_before_ce"))


@pytest.mark.points(1)
@pytest.mark.concept(MODEL)
def test_size_budget(student):
    t = trainer(student)
    info = t.size(t.build())  # counted in the grader, from the parameters and buffers the child sends
    if info["parameters"] > MAX_PARAMETERS or info["state_bytes"] > MAX_STATE_BYTES:
        raise Feedback(K("too_big"), parameters=info["parameters"], max_parameters=MAX_PARAMETERS,
                       mb=info["state_bytes"] / 2**20, max_mb=MAX_STATE_BYTES / 2**20)


# ---- training, briefly --------------------------------------------------------------------------------

@pytest.mark.points(1.5)
@pytest.mark.concept(TRAINING)
def test_few_steps_lower_the_loss(student, quick):
    q = from_quick(quick)
    if not q["after"] < 0.9 * q["before"]:
        run = q["run"]
        hint = (K("forgot_zero_grad") if run["stale_gradients"] else
                K("no_backward_hint") if run["backward_calls"] == 0 else None)
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


@pytest.mark.points(1)
@pytest.mark.concept(TRAINING)
def test_trains_in_training_mode(student, quick):
    run = from_quick(quick)["run"]
    if run["eval_backward"]:
        hint = K("no_train_mode") if run["first_backward_eval"] else K("eval_not_undone")
        raise Feedback(K("trained_in_eval_mode"), hint=hint, count=run["eval_backward"],
                       calls=run["backward_calls"])


@pytest.mark.points(1)
@pytest.mark.concept(TRAINING)
def test_deterministic_under_a_seed(student):
    x, y = data().train_images[:512], train_labels()[:512]
    probe = probe_images()[:16]
    t = trainer(student)
    outputs = []
    for _ in range(2):
        run = t.train(t.build(), x, y, 1, start_in_eval=True)
        outputs.append(t.forward(run["model"], probe))
    if not np.allclose(outputs[0], outputs[1], rtol=1e-5, atol=1e-6):
        raise Feedback("core.not_deterministic", hint=K("own_randomness"),
                       what="build_model() and train() on 512 images, twice with the same seed")


@pytest.mark.points(1)
@pytest.mark.concept(VALID)
def test_rejects_invalid_input(student):
    x, y = data().train_images[:16], train_labels()[:16]
    with Cases() as cases:
        for name, (bx, by, epochs) in (("15 labels for 16 images", (x, y[:15], 1)),
                                       ("epochs = 0", (x, y, 0)),
                                       ("labels of shape (16, 1)", (x, y[:, None], 1)),
                                       ("images of shape (16, 28, 28)", (x[:, 0], y, 1))):
            with cases.case():
                t = trainer(student)
                model = t.build()
                assert_raises(lambda: t.train_raw(model, bx, by, epochs),
                              ValueError, f"train({name})", hint=K("no_validation"))


# ---- the result: test accuracy within the tier's budget ---------------------------------------------

def choose_tier(student, grading) -> tuple[str, str]:
    """("cpu" | "gpu", a note on why, for the report)."""
    wanted = grading.options.get("device", "auto") or "auto"
    if wanted == "cpu":
        return "cpu", "--device cpu"
    if not torch.cuda.is_available():
        return "cpu", "no CUDA device" if wanted == "auto" else "--device cuda, but no CUDA device here"
    if not grading.child().limits.gpu:
        return "cpu", "CUDA is available but the sandbox gives the child no GPU (the gpu limit is off)"
    if not trainer(student).cuda_available():
        return "cpu", "CUDA is available to the grader but not inside the sandbox"
    return "gpu", f"--device {wanted}"


@pytest.mark.points(6)
@pytest.mark.concept(RESULT)
def test_accuracy(student, grading):
    broken = failed_earlier(grading, GATE)
    if broken:
        raise Feedback(K("not_trained"), tests=", ".join(broken))
    tier, why = choose_tier(student, grading)
    cfg = TIERS[tier]
    device = "cuda" if tier == "gpu" else "cpu"
    t = trainer(student)
    device_label = (f"{t.device_name('cuda')} (cuda)" if tier == "gpu"
                    else f"cpu ({THREADS} threads)")
    total = len(train_labels()) * cfg["epochs"]

    def progress(info: dict) -> None:
        grading.progress({"event": "task", "id": "train", "completed": min(int(info["samples"]), total), "total": total,
                          "description": f"{tier} tier · epoch {info['epoch']} · batch {info['batch']} · "
                                         f"loss {info['loss']:.3f}"})

    eval_images = evaluation_images(grading)
    y_test = data().test_labels.astype(np.int64)

    def valid(predicted: np.ndarray) -> bool:
        return bool(predicted.shape == y_test.shape and predicted.dtype.kind in "iu" and predicted.size
                    and predicted.min() >= 0 and predicted.max() <= 9)

    def score(predicted: np.ndarray) -> float:
        return float(np.mean(predicted == y_test)) if valid(predicted) else 0.0

    # Training ends after the first epoch whose model already reaches the tier (the same decision as at
    # the end: the model that reached it is the one evaluated), else at the epochs or the budget.
    seen: dict[str, np.ndarray] = {}

    def reached(predicted: np.ndarray) -> bool:
        seen["predicted"] = predicted
        return score(predicted) >= cfg["threshold"]

    run = t.train(t.build(), data().train_images, train_labels(), cfg["epochs"], device=device,
                  budget_s=cfg["budget_s"], start_in_eval=True, progress=progress,
                  timeout=cfg["budget_s"] + CALL_MARGIN_S, stop_when=(eval_images, reached))
    # A run that ended on reaching the tier ended right after that evaluation, with no training since:
    # its predictions are the final model's (evaluation mode, no gradients), so they are not made twice.
    predicted = (seen["predicted"] if run["reached_goal"] and "predicted" in seen
                 else t.predict(run["model"], eval_images, timeout=120))
    accuracy = score(predicted)
    # The same model on the published images, for comparison only: the tier is decided above.
    clean_accuracy = score(t.predict(run["model"], data().test_images, timeout=120))
    epochs_done = run["samples_seen"] / len(train_labels())
    grading.report(tier=tier, device=device_label, tier_reason=why, epochs=cfg["epochs"],
                   epochs_done=round(epochs_done, 2), reached_tier_early=run["reached_goal"],
                   train_seconds=round(run["seconds"], 2),
                   train_cpu_seconds=round(run["cpu_seconds"], 2), budget_clock=run["budget_clock"],
                   stopped_at_budget=run["stopped"], accuracy=round(accuracy, 4),
                   clean_accuracy=round(clean_accuracy, 4), evaluation_images="distorted",
                   threshold=cfg["threshold"], budget_s=cfg["budget_s"])
    if valid(predicted):
        path = figure_path(grading.options.get("figures"))
        if write_report_png(path, run["losses"], run["loss_samples"], len(train_labels()),
                            confusion(y_test, predicted), accuracy, tier, device=device_label,
                            threshold=cfg["threshold"], clean_accuracy=clean_accuracy, lang=grading.lang):
            grading.report(figure=str(path))
    if accuracy < cfg["threshold"]:
        hint = K("stopped_at_budget") if run["stopped"] else None
        raise Feedback(K("low_accuracy"), hint=hint, accuracy=100 * accuracy, clean=100 * clean_accuracy,
                       threshold=100 * cfg["threshold"],
                       tier=tier, device=device_label, seconds=run["seconds"], cpu=run["cpu_seconds"],
                       budget=cfg["budget_s"], clock="wall-clock" if run["budget_clock"] == "wall" else "CPU",
                       epochs=cfg["epochs"], done=epochs_done)


def confusion(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """cm[i, j] = test images of class i predicted as j (rows = true class)."""
    cm = np.zeros((10, 10), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm
