"""Report figures of exercises that train a model: the training loss, the accuracy against its goal
and the test confusion matrix, in one PNG that reads without explanation.

Drawn with matplotlib, imported only when a figure is drawn, on its non-interactive Agg canvas
(``Figure`` + ``FigureCanvasAgg``: no pyplot, no display, no global state shared between parallel
gradings). Everything drawn comes from plain data the grader computed itself; an exercise's
``figure.py`` only fills in a ``TrainingReport``.

The panels:

* the training loss in its own units (the mean loss of each optimisation step, and its mean per
  epoch) against the epoch, on a logarithmic axis with plain-number ticks, so that 2.3 → 0.02 is
  read as such and not as a line that flattens near the bottom;
* the accuracy in percent against the goal line: held-out accuracy after each epoch when the
  exercise measured it, else the test accuracy of every class (the diagonal of the confusion
  matrix over its rows) with the overall accuracy;
* the test confusion matrix with its counts (rows = true class, columns = predicted class),
  coloured on a log scale so that a handful of errors shows next to a thousand correct answers.

Labels come from the message catalogue (``batch.figure.*``); Korean ones are used only when a
font with Hangul is installed, else the figure falls back to English rather than empty boxes.
"""
from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from grader.core import i18n

DPI = 110
SIZE_IN = (13.5, 6.2)  # about 1485 × 680 pixels
# Fonts with Hangul glyphs that matplotlib may find on the machine (Debian: fonts-noto-cjk, fonts-nanum).
HANGUL_FONTS = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "NanumBarunGothic", "Malgun Gothic",
                "AppleGothic", "UnDotum", "Baekmuk Gulim")
STEP_COLOR, EPOCH_COLOR, GOAL_COLOR, ACC_COLOR = "#9ecae1", "#08519c", "#d62728", "#2ca02c"


@dataclass
class TrainingReport:
    """What one training run's figure shows. Accuracies are fractions in [0, 1]."""

    title: str  # the exercise's title, in the report's language
    losses: Sequence[float]  # the loss of every optimisation step, in order
    samples_at: Sequence[int]  # training samples seen when each of those losses was recorded
    n_train: int  # training samples per epoch
    confusion: np.ndarray  # (classes, classes) test counts, rows = true class
    accuracy: float  # the test accuracy the grader computed
    threshold: float | None = None  # the accuracy goal, when there is one
    tier: str | None = None  # e.g. "cpu" / "gpu", when goals differ by tier
    device: str | None = None  # where it trained, e.g. "cpu (2 threads)"
    epoch_accuracy: Sequence[float] | None = None  # held-out accuracy after each epoch, when measured
    loss_name: str | None = None  # what the loss is, in the report's language (default: cross-entropy)
    class_names: Sequence[str] | None = None  # default: 0, 1, 2, …
    # The accuracy on the undistorted test images, when ``accuracy`` (and the goal) is on distorted ones.
    clean_accuracy: float | None = None


def _labels(lang: str) -> tuple[str, Any]:
    """The language the figure can be drawn in, and its label function."""
    if lang != "en" and _hangul_font() is None:
        lang = "en"
    return lang, lambda key, **kw: i18n.t(f"batch.figure.{key}", lang, **kw)


def _hangul_font() -> str | None:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((n for n in HANGUL_FONTS if n in names), None)


def _pct(x: float) -> str:
    return f"{100 * x:.2f} %"


def epoch_means(x: np.ndarray, losses: np.ndarray, epoch_of_step: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For every epoch that has steps: where its steps lie on the epoch axis (their mean, so a partial
    last epoch sits in the middle of what it ran) and the mean loss of those steps."""
    epochs = np.unique(epoch_of_step)
    return (np.array([x[epoch_of_step == e].mean() for e in epochs]),
            np.array([losses[epoch_of_step == e].mean() for e in epochs]))


def draw(report: TrainingReport, lang: str = "en") -> Any:
    """The figure (a ``matplotlib.figure.Figure`` on an Agg canvas)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    lang, t = _labels(lang)
    font = _hangul_font() if lang != "en" else None
    rc = {"font.family": [font, "DejaVu Sans"]} if font else {}
    import matplotlib

    with matplotlib.rc_context(rc), _quiet_fonts():
        fig = Figure(figsize=SIZE_IN, dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        grid = fig.add_gridspec(2, 2, width_ratios=(1.45, 1), height_ratios=(1.15, 1))
        _loss_panel(fig.add_subplot(grid[0, 0]), report, t)
        _accuracy_panel(fig.add_subplot(grid[1, 0]), report, t)
        _confusion_panel(fig, fig.add_subplot(grid[:, 1]), report, t)
        fig.suptitle(_title(report, t), fontsize=13, fontweight="bold")
    return fig


@contextlib.contextmanager
def _quiet_fonts() -> Iterator[None]:
    """matplotlib logs "no bold weight of this font" to stderr, and then uses the nearest weight."""
    log = logging.getLogger("matplotlib.font_manager")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def _title(r: TrainingReport, t: Any) -> str:
    parts = [r.title]
    where = []
    if r.tier:
        where.append(t("tier", tier=r.tier.upper()))
    if r.device:
        where.append(r.device)
    if where:
        parts.append(", ".join(where))
    result = (t("accuracy_result", accuracy=_pct(r.accuracy)) if r.clean_accuracy is None else
              t("accuracy_distorted", accuracy=_pct(r.accuracy), clean=_pct(r.clean_accuracy)))
    if r.threshold is not None:
        verdict = t("goal_met") if r.accuracy >= r.threshold else t("goal_missed")
        result += f" ({t('goal', goal=_pct(r.threshold))}: {verdict})"
    return " · ".join(parts) + "\n" + result


def _loss_panel(ax: Any, r: TrainingReport, t: Any) -> None:
    from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

    losses = np.asarray(r.losses, dtype=np.float64)
    at = np.asarray(r.samples_at, dtype=np.float64)
    n = max(int(r.n_train), 1)
    keep = np.isfinite(losses) & (losses > 0)
    ax.set_title(t("loss_title"), loc="left", fontsize=11)
    ax.set_xlabel(t("epoch"))
    ax.set_ylabel(t("loss_axis", loss=r.loss_name or t("cross_entropy")))
    ax.grid(True, which="major", alpha=0.35)
    if not keep.any():
        ax.text(0.5, 0.5, t("no_loss"), ha="center", va="center", transform=ax.transAxes, color="0.4")
        return
    losses, at = losses[keep], at[keep]
    x = at / n  # epochs done when the step's loss was recorded
    ax.plot(x, losses, color=STEP_COLOR, linewidth=0.8, label=t("per_step", steps=len(losses)))
    # the step whose loss was recorded after k·n samples belongs to epoch k-1 (samples counted at its forward pass)
    epoch_of_step = np.maximum(np.ceil(at / n) - 1, 0).astype(int)
    ex, means = epoch_means(x, losses, epoch_of_step)
    ax.plot(ex, means, color=EPOCH_COLOR, marker="o", linewidth=2, markersize=5, label=t("per_epoch"))
    for i in _labelled(len(ex)):
        ax.annotate(f"{means[i]:.3g}", (ex[i], means[i]), textcoords="offset points", xytext=(0, 7), ha="center",
                    fontsize=8, color=EPOCH_COLOR)
    ax.set_yscale("log")
    ax.set_ylim(float(losses.min()) / 1.3, float(max(losses.max(), means.max())) * 1.9)  # room for the labels
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlim(0, float(x.max()) * 1.02)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper right", fontsize=9, framealpha=0.9)


def _labelled(n: int, most: int = 10) -> list[int]:
    """Which of ``n`` points get a value label: all of a few, else about ``most`` evenly spaced, the last included."""
    if n <= most:
        return list(range(n))
    step = int(np.ceil((n - 1) / (most - 1)))
    return sorted(set(range(0, n, step)) | {n - 1})


def _accuracy_panel(ax: Any, r: TrainingReport, t: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    cm = np.asarray(r.confusion, dtype=np.int64)
    ax.grid(True, axis="y", alpha=0.35)
    ax.set_ylabel(t("accuracy_axis"))
    values: list[float] = [r.accuracy]
    if r.epoch_accuracy:
        acc = 100 * np.asarray(r.epoch_accuracy, dtype=np.float64)
        epochs = np.arange(1, len(acc) + 1)
        ax.set_title(t("accuracy_epoch_title"), loc="left", fontsize=11)
        ax.plot(epochs, acc, color=ACC_COLOR, marker="o", linewidth=2, label=t("held_out"))
        for i in _labelled(len(acc)):
            ax.annotate(f"{acc[i]:.1f}", (epochs[i], acc[i]), textcoords="offset points", xytext=(0, 7), ha="center",
                        fontsize=8)
        ax.set_xlabel(t("epoch"))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        values += list(acc / 100)
    else:
        rows = cm.sum(axis=1)
        per_class = np.divide(np.diag(cm), rows, out=np.zeros(len(rows)), where=rows > 0)
        names = list(r.class_names) if r.class_names else [str(i) for i in range(len(rows))]
        ax.set_title(t("accuracy_class_title"), loc="left", fontsize=11)
        bars = ax.bar(range(len(rows)), 100 * per_class, color=ACC_COLOR, alpha=0.75, width=0.7)
        for b, a in zip(bars, per_class):
            ax.annotate(f"{100 * a:.1f}", (b.get_x() + b.get_width() / 2, 100 * a), textcoords="offset points",
                        xytext=(0, 2), ha="center", fontsize=7.5)
        ax.axhline(100 * r.accuracy, color=EPOCH_COLOR, linewidth=1.5, label=t("overall", accuracy=_pct(r.accuracy)))
        ax.set_xticks(range(len(rows)), names)
        ax.set_xlabel(t("true_class"))
        values += list(per_class[rows > 0])
    if r.threshold is not None:
        label = t("goal_line", goal=_pct(r.threshold)) + (f" ({t('tier', tier=r.tier.upper())})" if r.tier else "")
        ax.axhline(100 * r.threshold, color=GOAL_COLOR, linestyle="--", linewidth=1.5, label=label)
        values.append(r.threshold)
    low = 100 * min(values)
    ax.set_ylim(max(0.0, np.floor(low - max(1.0, (100 - low) * 0.25))), 100.6)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize=9, frameon=False)


def _confusion_panel(fig: Any, ax: Any, r: TrainingReport, t: Any) -> None:
    from matplotlib.colors import LogNorm
    from matplotlib.ticker import FuncFormatter

    cm = np.asarray(r.confusion, dtype=np.int64)
    k = cm.shape[0]
    names = list(r.class_names) if r.class_names else [str(i) for i in range(k)]
    shown = np.ma.masked_where(cm == 0, cm)
    image = ax.imshow(shown, cmap="Blues", norm=LogNorm(vmin=1, vmax=max(int(cm.max()), 2)))
    ax.set_title(t("confusion_title", n=f"{int(cm.sum()):,}") + "\n" + t("confusion_note"), loc="left",
                 fontsize=11)
    ax.set_xlabel(t("predicted_class"))
    ax.set_ylabel(t("true_class"))
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.set_xticks(np.arange(-0.5, k), minor=True)
    ax.set_yticks(np.arange(-0.5, k), minor=True)
    ax.grid(which="minor", color="0.85", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    dark = np.log(max(int(cm.max()), 2)) * 0.55
    size = 8 if k <= 10 else 6
    for i in range(k):
        for j in range(k):
            if cm[i, j]:
                on_dark = np.log(cm[i, j]) > dark
                ax.text(j, i, str(cm[i, j]), ha="center", va="center", fontsize=size,
                        color="white" if on_dark else ("#a50f15" if i != j else "black"),
                        fontweight="bold" if i != j else "normal")
    bar = fig.colorbar(image, ax=ax, shrink=0.8, pad=0.02)
    bar.set_label(t("count_axis"))
    bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))


def write_training_report(path: Path, report: TrainingReport, lang: str = "en") -> bool:
    """Draw ``report`` into the PNG ``path`` (atomically: parallel gradings never leave half a file).
    False when it could not be written (the grade does not depend on the figure)."""
    try:
        fig = draw(report, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".figure-", suffix=".png")
        try:
            with os.fdopen(fd, "wb") as f, _quiet_fonts():
                fig.savefig(f, format="png", dpi=DPI, metadata={"Software": None})
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return True
    except (OSError, ValueError):
        return False
