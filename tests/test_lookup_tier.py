"""ex09's accuracy tier cannot be bought with a lookup table (issue 23).

ex09 is evaluated on the test images, each moved by a small random distortion drawn from the
SHA-256 of the submission (``evaluation_images`` of its hidden tests), and a training exercise's
file is bounded (``source_kb`` of its ``exercise.toml``). Here:

* the distortion is a function of the file: the same bytes meet the same images, one more comment
  meets others;
* a table of the published test images finds none of the distorted ones within a small distance,
  and a plain nearest neighbour among them falls far below the CPU tier (about 81 % for 92 %);
* a submission that embeds the test set (lifting the size bound, as an instructor could) and answers
  any image near a stored one with its label, a linear model otherwise, scores 100 % on the
  published images and loses the accuracy points on the distorted ones;
* a file over the bound gets zero, with the size, the bound and the reason, in English and Korean,
  and ``grade --source-limit`` moves the bound.

The bound is the part that keeps the test set out: a nearest neighbour that also tries each stored
image shifted by up to 2 pixels (25 copies) still labels about 99 % of the distorted images
correctly (measured on 1,000 of them: 99.2 %, its own image for 71 %).
"""
from __future__ import annotations

import base64
import json
import lzma
from pathlib import Path

import numpy as np
import pytest

from grader.core import discover, engine
from grader.core.plugin import Grading
from grader.exercises.ex09_mnist_cnn import dataset as mnist
from grader.exercises.ex09_mnist_cnn import test_hidden as ex09
from grader.isolation import sandbox
from tests.conftest import failed_messages, grade_json

ROOT = Path(__file__).resolve().parent.parent
EX09 = discover.find("ex09")
NEAR = 1.0  # L2 distance on pixels scaled to [0, 1]: the old ±1-of-255 perturbation moved an image by 0.011
DIGEST = "0" * 63 + "1"  # any SHA-256 will do for the measurements


def nearest(stored: np.ndarray, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each query image, the index of the nearest stored image (L2) and its distance, pixels in [0, 1]."""
    s = stored.reshape(len(stored), -1).astype(np.float32) / 255
    q = queries.reshape(len(queries), -1).astype(np.float32) / 255
    norms = (s * s).sum(1)
    idx, dist = np.empty(len(q), np.int64), np.empty(len(q), np.float32)
    for i in range(0, len(q), 2000):
        qi = q[i:i + 2000]
        d2 = norms[None, :] - 2 * qi @ s.T
        idx[i:i + 2000] = d2.argmin(1)
        dist[i:i + 2000] = np.sqrt(np.maximum(d2.min(1) + (qi * qi).sum(1), 0))
    return idx, dist


def test_the_distortion_is_drawn_from_the_file(tmp_path):
    a = tmp_path / "a.py"
    a.write_text("x = 1\n")
    b = tmp_path / "b.py"
    b.write_text("x = 1\n# one more comment\n")

    def grading(path: Path) -> Grading:
        return Grading(EX09, path, "en", spec_factory=lambda: None)

    assert grading(a).submission_sha256 == grading(tmp_path / "a.py").submission_sha256
    assert grading(a).submission_sha256 != grading(b).submission_sha256
    first = ex09.evaluation_images(grading(a))
    again = ex09._distorted.__wrapped__(grading(a).submission_sha256)  # computed afresh, not from the cache
    other = ex09.evaluation_images(grading(b))
    clean = mnist.load().test_images
    assert first.shape == clean.shape and first.dtype == np.uint8
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)
    assert (first != clean).any(axis=(1, 2)).all()  # every image moved
    # Still the same digits, roughly where they were: the ink is kept and stays near the centre.
    assert abs(first.astype(float).mean() - clean.mean()) < 0.02 * clean.mean()


def test_a_table_of_the_test_images_finds_none_and_a_nearest_neighbour_falls_short():
    test = mnist.load()
    labels = test.test_labels
    distorted = ex09._distorted(DIGEST)
    own, dist = nearest(test.test_images, test.test_images[:2000])
    assert (own == np.arange(2000)).all() and dist.max() < 0.05  # a table answers every published image (0: rounding)
    idx, dist = nearest(test.test_images, distorted)
    found = float(np.mean(dist < NEAR))
    accuracy = float(np.mean(labels[idx] == labels))
    print(f"distorted images within {NEAR} of a published one: {found:.2%}; 1-NN accuracy {accuracy:.2%}")
    assert found < 0.01, found
    assert accuracy < ex09.TIERS["cpu"]["threshold"] - 0.08, accuracy  # measured: 80.5-81.4 %


# ---- a lookup table as a submission --------------------------------------------------------------------

LOOKUP = '''"""The MNIST test set embedded; an image near a stored one gets its label, any other a linear model's."""
import base64
import lzma

import numpy as np
import torch
from torch import nn

_BLOB = {blob!r}
_RAW = lzma.decompress(base64.b85decode(_BLOB))
IMAGES = torch.from_numpy(np.frombuffer(_RAW[:-10000], dtype=np.uint8).reshape(-1, 784).astype(np.float32) / 255)
LABELS = torch.from_numpy(np.frombuffer(_RAW[-10000:], dtype=np.uint8).astype(np.int64))
NORMS = (IMAGES * IMAGES).sum(1)
NEAR = {near!r}


class Lookup(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(784, 10)

    def forward(self, x):
        flat = x.reshape(len(x), -1)
        out = self.linear(flat)
        if self.training:
            return out
        d2 = NORMS[None, :] - 2 * flat.cpu() @ IMAGES.T + (flat.cpu() ** 2).sum(1, keepdim=True)
        best, idx = d2.min(1)
        rows = (best.clamp(min=0).sqrt() < NEAR).nonzero().squeeze(1)
        boost = torch.zeros_like(out)
        boost[rows.to(out.device), LABELS[idx[rows]].to(out.device)] = 100.0
        return out + boost


def build_model():
    return Lookup()


def train(model, train_x, train_y, device, epochs):
    if train_x.ndim != 4 or tuple(train_x.shape[1:]) != (1, 28, 28):
        raise ValueError("train_x must be (N, 1, 28, 28)")
    if train_y.shape != (len(train_x),):
        raise ValueError("one label per image")
    if epochs < 1:
        raise ValueError("epochs >= 1")
    model.to(device).train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(train_x))
        for i in range(0, len(train_x), 256):
            idx = order[i:i + 256]
            opt.zero_grad()
            nn.functional.cross_entropy(model(train_x[idx].to(device)), train_y[idx].to(device)).backward()
            opt.step()
    return model
'''


@pytest.fixture(scope="module")
def lookup_file(tmp_path_factory) -> Path:
    test = mnist.load()
    raw = test.test_images.tobytes() + test.test_labels.tobytes()
    blob = base64.b85encode(lzma.compress(raw)).decode("ascii")
    path = tmp_path_factory.mktemp("lookup") / "ex09_mnist_cnn.py"
    path.write_text(LOOKUP.format(blob=blob, near=NEAR), encoding="utf-8")
    return path


def test_the_embedded_test_set_is_over_the_bound(lookup_file):
    size_kb = lookup_file.stat().st_size / 1024
    assert size_kb > 20 * EX09.limits.source_kb
    for lang, words in (("en", ["KB, more than the 64 KB", "function's arguments"]),
                        ("ko", ["KB로 이 과제가 받는 최대 64 KB", "함수의 인자로"])):
        res = engine.grade_exercise(EX09, lookup_file, lang=lang, isolation=sandbox.detect_isolation("rlimits"))
        assert res.score == 0 and [t.name for t in res.tests] == ["submission"]
        message = res.tests[0].message
        assert f"{size_kb:.1f} KB" in message and all(w in message for w in words), message


@pytest.mark.slow
def test_a_lookup_table_passes_on_the_published_images_and_fails_on_the_distorted_ones(lookup_file, tmp_path):
    code, result = grade_json("ex09", lookup_file, "--source-limit", "0", "--device", "cpu",
                              "--figures", str(tmp_path))
    extra = result["extra"]
    print(json.dumps(extra, indent=2))
    tests = {t["name"]: t for t in result["tests"]}
    assert tests["few_steps_lower_the_loss"]["passed"], failed_messages(result)
    assert extra["clean_accuracy"] == 1.0, extra  # the tier would be bought on the published images
    assert not tests["accuracy"]["passed"] and tests["accuracy"]["score"] == 0
    assert extra["accuracy"] < ex09.TIERS["cpu"]["threshold"] - 0.05, extra
    assert code == 1


def test_every_training_exercise_bounds_its_source_and_its_references_fit():
    bounded = [ex for ex in discover.all_exercises() if ex.limits.source_kb]
    assert {ex.id for ex in bounded} >= {"ex09", "ex15"}
    for ex in bounded:
        for path in (ex.solution, ex.stub, ROOT / "tests" / "alternatives" / f"{ex.name}.py"):
            if path.is_file():
                assert path.stat().st_size < ex.limits.source_kb * 1024 / 4, (path, ex.limits.source_kb)


def test_the_command_line_moves_the_bound():
    code, result = grade_json("ex09", EX09.solution, "--source-limit", "1")
    assert code == 1 and result["score"] == 0
    assert "more than the 1 KB" in result["tests"][0]["message"]
