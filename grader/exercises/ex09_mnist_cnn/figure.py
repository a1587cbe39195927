"""The report figure of this exercise: the training loss (per step and per epoch), the test accuracy
(on the distorted test images, the published ones' beside it) against the tier's goal, and the test
confusion matrix with its counts (rows = true class), drawn by the engine's ``grader.formats.figures``."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from grader.core import discover
from grader.formats import figures

FILE_NAME = "ex09_mnist_cnn_report.png"


def figure_path(folder: str | Path | None) -> Path:
    """``<folder>/ex09_mnist_cnn_report.png``: the folder is ``grade --figures`` (default: the working
    directory); a batch gives each student a folder of their own."""
    return Path(folder or ".") / FILE_NAME


def write_report_png(path: Path, losses: np.ndarray, loss_images: np.ndarray, n_train: int, cm: np.ndarray,
                     accuracy: float, tier: str, *, device: str | None = None, threshold: float | None = None,
                     epoch_accuracy: list[float] | None = None, clean_accuracy: float | None = None,
                     lang: str = "en") -> bool:
    """Draw the figure; False when it could not be written (the grade never depends on it)."""
    report = figures.TrainingReport(
        title=discover.find(Path(__file__).parent.name).title(lang), losses=np.asarray(losses, dtype=np.float64),
        samples_at=np.asarray(loss_images), n_train=n_train, confusion=cm, accuracy=accuracy,
        threshold=threshold, tier=tier, device=device, epoch_accuracy=epoch_accuracy, clean_accuracy=clean_accuracy)
    return figures.write_training_report(path, report, lang)
