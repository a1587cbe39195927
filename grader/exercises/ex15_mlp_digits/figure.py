"""The report figure of this exercise: the training loss (per step and per epoch), the held-out
accuracy of every digit against the goal, and the held-out confusion matrix with its counts (rows =
true class), drawn by the engine's ``grader.formats.figures``."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from grader.core import discover
from grader.formats import figures

FILE_NAME = "ex15_mlp_digits_report.png"
CLASSES = 10


def figure_path(folder: str | Path | None) -> Path:
    """``<folder>/ex15_mlp_digits_report.png``: the folder is ``grade --figures`` (default: the working
    directory); a batch gives each student a folder of their own."""
    return Path(folder or ".") / FILE_NAME


def confusion(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """cm[i, j] = held-out images of digit i predicted as j (rows = true class)."""
    cm = np.zeros((CLASSES, CLASSES), dtype=np.int64)
    np.add.at(cm, (np.asarray(y_true, dtype=np.int64), np.asarray(y_pred, dtype=np.int64)), 1)
    return cm


def write_report(path: Path, run: dict, n_train: int, y_true: np.ndarray, y_pred: np.ndarray, accuracy: float,
                 threshold: float, device: str, lang: str = "en") -> bool:
    """Draw the figure from a training run and the held-out predictions; False when it could not be
    written or the predictions are not classes (the grade never depends on the figure)."""
    y_pred = np.asarray(y_pred)
    if y_pred.shape != np.shape(y_true) or y_pred.dtype.kind not in "iu" or \
            (y_pred.size and (y_pred.min() < 0 or y_pred.max() >= CLASSES)):
        return False
    report = figures.TrainingReport(
        title=discover.find(Path(__file__).parent.name).title(lang),
        losses=np.asarray(run["losses"], dtype=np.float64), samples_at=np.asarray(run["loss_samples"]),
        n_train=n_train, confusion=confusion(y_true, y_pred), accuracy=accuracy, threshold=threshold,
        device=device)
    return figures.write_training_report(path, report, lang)
