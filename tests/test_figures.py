"""grader.formats.figures: the training-report figure reads without explanation — labelled axes in the
loss's own units, the goal line, the confusion matrix with its counts — and is drawn off-screen."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from grader.formats import figures
from tests.conftest import ROOT


def _report(**kw) -> figures.TrainingReport:
    steps = np.arange(1, 401) * 50  # 400 steps of 50 samples, 4 epochs of 5000
    cm = np.array([[95, 3, 2], [1, 97, 2], [0, 4, 96]])
    base = dict(title="A network", losses=2.3 * np.exp(-steps / 4000) + 0.03, samples_at=steps, n_train=5000,
                confusion=cm, accuracy=float(np.trace(cm) / cm.sum()), threshold=0.95, tier="cpu",
                device="cpu (2 threads)")
    return figures.TrainingReport(**{**base, **kw})


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_importing_the_module_does_not_import_matplotlib():
    code = "import sys, grader.formats.figures; sys.exit('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


@pytest.fixture(scope="module")
def drawn():
    return figures.draw(_report())


def test_loss_panel_in_real_units_per_step_and_per_epoch(drawn):
    loss = drawn.axes[0]
    assert loss.get_xlabel() == "epoch" and "cross-entropy" in loss.get_ylabel() and loss.get_yscale() == "log"
    lines = loss.get_lines()
    assert len(lines[0].get_xdata()) == 400 and lines[0].get_xdata()[-1] == pytest.approx(4.0)
    epoch_x, epoch_y = lines[1].get_xdata(), lines[1].get_ydata()
    assert len(epoch_x) == 4 and all(i < x < i + 1 for i, x in enumerate(epoch_x))  # one mean per epoch, within it
    losses = _report().losses
    assert epoch_y[0] == pytest.approx(losses[:100].mean()) and epoch_y[-1] == pytest.approx(losses[300:].mean())
    labels = [lbl.get_text() for lbl in loss.get_yticklabels()]
    assert any(lbl in ("0.1", "1") for lbl in labels), labels  # plain numbers, not 10^-1


def test_accuracy_panel_has_the_goal_line(drawn):
    acc = drawn.axes[1]
    assert acc.get_ylabel() == "accuracy (%)"
    goal = [ln for ln in acc.get_lines() if ln.get_linestyle() == "--"]
    assert goal and goal[0].get_ydata()[0] == pytest.approx(95.0)
    assert "goal 95.00 % (CPU tier)" in [t.get_text() for t in acc.get_legend().get_texts()]
    per_epoch = figures.draw(_report(epoch_accuracy=[0.9, 0.94, 0.96, 0.9627]))
    assert list(per_epoch.axes[1].get_lines()[0].get_ydata()) == pytest.approx([90, 94, 96, 96.27])


def test_confusion_matrix_with_counts_rows_true(drawn):
    cm = drawn.axes[2]
    assert (cm.get_xlabel(), cm.get_ylabel()) == ("predicted class", "true class")
    assert sorted(_texts(cm)) == sorted(str(v) for v in _report().confusion.ravel() if v)
    assert "rows = true class" in cm.get_title(loc="left")
    title = drawn.get_suptitle()
    assert "CPU tier" in title and "cpu (2 threads)" in title and "96.00 %" in title and "reached" in title


def test_written_atomically_as_a_png(tmp_path):
    path = tmp_path / "sub" / "fig.png"
    assert figures.write_training_report(path, _report(), "ko")  # Korean labels, or English without a Hangul font
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert [p.name for p in path.parent.iterdir()] == ["fig.png"]
    assert "matplotlib.pyplot" not in sys.modules, "no pyplot: no global figure state, no display"
    (tmp_path / "file").write_text("x")
    assert figures.write_training_report(tmp_path / "file" / "fig.png", _report()) is False


def test_nothing_to_plot_still_draws(tmp_path):
    empty = _report(losses=[], samples_at=[], confusion=np.zeros((3, 3), int), accuracy=0.0)
    assert figures.write_training_report(tmp_path / "empty.png", empty)
