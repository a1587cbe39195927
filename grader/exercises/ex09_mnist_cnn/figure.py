"""The report figure of this exercise: the training loss per epoch and the test confusion matrix.

Drawn without matplotlib: a small RGB canvas, a 3×5 pixel font and a minimal PNG writer.
"""
from __future__ import annotations

import os
import struct
import tempfile
import zlib
from pathlib import Path

import numpy as np

FILE_NAME = "ex09_mnist_cnn_report.png"


def figure_path(folder: str | Path | None) -> Path:
    """``<folder>/ex09_mnist_cnn_report.png``: the folder is ``grade --figures`` (default: the working
    directory); a batch gives each student a folder of their own."""
    return Path(folder or ".") / FILE_NAME


# A 3×5 pixel font: enough for the figure's labels.
_FONT = {
    "0": "111101101101111", "1": "010110010010111", "2": "111001111100111", "3": "111001111001111",
    "4": "101101111001001", "5": "111100111001111", "6": "111100111101111", "7": "111001010010010",
    "8": "111101111101111", "9": "111101111001111", ".": "000000000000010", "%": "101001010100101",
    " ": "000000000000000", "-": "000000111000000", ":": "000010000010000", "(": "010100100100010",
    ")": "010001001001010", "A": "010101111101101", "C": "111100100100111", "D": "110101101101110",
    "E": "111100111100111", "F": "111100111100100", "G": "111100101101111", "H": "101101111101101",
    "I": "111010010010111", "L": "100100100100111", "M": "101111111101101", "N": "110101101101101",
    "O": "111101101101111", "P": "111101111100100", "R": "110101110101101", "S": "111100111001111",
    "T": "111010010010010", "U": "101101101101111", "X": "101101010101101", "Y": "101101010010010",
}


def _text(img: np.ndarray, x: int, y: int, text: str, scale: int = 2, color=(40, 40, 40)) -> None:
    for ch in text.upper():
        glyph = _FONT.get(ch, _FONT[" "])
        for k, bit in enumerate(glyph):
            if bit == "1":
                r, c = divmod(k, 3)
                img[y + r * scale:y + (r + 1) * scale, x + c * scale:x + (c + 1) * scale] = color
        x += 4 * scale


def _line(img: np.ndarray, x0: float, y0: float, x1: float, y1: float, color=(31, 119, 180)) -> None:
    steps = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
    xs = np.round(np.linspace(x0, x1, steps)).astype(int)
    ys = np.round(np.linspace(y0, y1, steps)).astype(int)
    for dx in (0, 1):
        img[np.clip(ys, 0, img.shape[0] - 1), np.clip(xs + dx, 0, img.shape[1] - 1)] = color


def render_report(losses: np.ndarray, loss_images: np.ndarray, n_train: int, cm: np.ndarray,
                  accuracy: float, tier: str) -> np.ndarray:
    """An RGB image (H, W, 3) uint8: the training loss per epoch (left), the confusion matrix (right)."""
    h, w = 420, 860
    img = np.full((h, w, 3), 255, dtype=np.uint8)
    # Left: loss curve, moving average over 20 batches, x in epochs.
    px0, py0, pw, ph = 60, 50, 340, 320
    img[py0:py0 + ph, px0] = img[py0 + ph, px0:px0 + pw] = (0, 0, 0)
    _text(img, px0, 15, f"TRAINING LOSS ({tier.upper()} TIER)")
    _text(img, px0 + pw // 2 - 20, py0 + ph + 20, "EPOCH")
    if len(losses):
        k = min(20, len(losses))
        smooth = np.convolve(losses, np.ones(k) / k, mode="valid")
        at = loss_images[k - 1:] / max(n_train, 1)
        top = float(max(smooth.max(), 1e-6))
        span = float(max(at.max(), 1e-6))
        xs = px0 + 2 + (pw - 4) * at / span
        ys = py0 + ph - 2 - (ph - 4) * smooth / top
        for i in range(1, len(xs)):
            _line(img, xs[i - 1], ys[i - 1], xs[i], ys[i])
        _text(img, 5, py0, f"{top:.2f}")
        _text(img, 5, py0 + ph - 10, "0")
        _text(img, px0 + pw - 20, py0 + ph + 6, f"{span:.0f}")
    # Right: confusion matrix, rows = true class, columns = predicted; colour by log count.
    cx0, cy0, cell = 500, 50, 32
    _text(img, cx0 - 40, 15, f"TEST CONFUSION - ACC {100 * accuracy:.2f}%")
    scale = np.log1p(cm) / max(np.log1p(cm).max(), 1e-9)
    for i in range(10):
        _text(img, cx0 - 14, cy0 + i * cell + 11, str(i))
        _text(img, cx0 + i * cell + 13, cy0 + 10 * cell + 6, str(i))
        for j in range(10):
            v = scale[i, j]
            color = (int(255 - 225 * v), int(255 - 150 * v), int(255 - 60 * v)) if i == j or cm[i, j] == 0 else \
                (int(255 - 30 * v), int(255 - 200 * v), int(255 - 200 * v))
            img[cy0 + i * cell + 1:cy0 + (i + 1) * cell, cx0 + j * cell + 1:cx0 + (j + 1) * cell] = color
    _text(img, cx0 + 120, cy0 + 10 * cell + 22, "PREDICTED")
    _text(img, cx0 - 40, cy0 - 16, "TRUE")
    return img


def write_png(path: Path, rgb: np.ndarray) -> None:
    """A minimal PNG writer (8-bit RGB, no interlace): signature, IHDR, one IDAT, IEND."""
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[r].tobytes() for r in range(h))  # filter type 0 on every row

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".ex09-", suffix=".png")
    with os.fdopen(fd, "wb") as f:
        f.write(png)
    os.replace(tmp, path)  # parallel gradings never leave half a file


def write_report_png(path: Path, losses: np.ndarray, loss_images: np.ndarray, n_train: int, cm: np.ndarray,
                     accuracy: float, tier: str) -> bool:
    try:
        write_png(path, render_report(np.asarray(losses, dtype=np.float64), np.asarray(loss_images), n_train, cm,
                                      accuracy, tier))
        return True
    except OSError:
        return False
