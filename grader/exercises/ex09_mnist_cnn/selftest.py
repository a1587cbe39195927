"""The shipped MNIST files and their loader: the real IDX format, the official checksums, the cache,
and damaged files rejected."""
from __future__ import annotations

import gzip
import hashlib
import struct

import numpy as np
import pytest

from grader.exercises.ex09_mnist_cnn import dataset as mnist


@pytest.fixture(scope="module")
def raw() -> dict[str, bytes]:
    """The four files, uncompressed."""
    out = {}
    for stem in mnist.FILES.values():
        with gzip.open(mnist.DATA_DIR / f"{stem}.gz", "rb") as f:
            out[stem] = f.read()
    return out


def test_four_gzipped_files_of_about_eleven_megabytes():
    files = sorted(p.name for p in mnist.DATA_DIR.glob("*.gz"))
    assert files == sorted(f"{s}.gz" for s in mnist.FILES.values())
    total = sum(p.stat().st_size for p in mnist.DATA_DIR.glob("*.gz"))
    assert 10e6 < total < 12.5e6


def test_official_sha256_of_the_uncompressed_files(raw):
    assert mnist.SHA256 == {
        "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    }
    for stem, data in raw.items():
        assert hashlib.sha256(data).hexdigest() == mnist.SHA256[stem], stem


def test_magic_numbers_and_sizes_in_the_headers(raw):
    for stem, data in raw.items():
        if "images" in stem:
            magic, n, rows, cols = struct.unpack(">IIII", data[:16])
            assert (magic, rows, cols) == (2051, 28, 28)
            assert len(data) == 16 + n * 28 * 28
        else:
            magic, n = struct.unpack(">II", data[:8])
            assert magic == 2049 and len(data) == 8 + n
        assert n == (60000 if stem.startswith("train") else 10000)


def test_decoded_arrays():
    d = mnist.decode()
    assert d.train_images.shape == (60000, 28, 28) and d.train_images.dtype == np.uint8
    assert d.test_images.shape == (10000, 28, 28) and d.test_images.dtype == np.uint8
    assert d.train_labels.shape == (60000,) and d.test_labels.shape == (10000,)
    # Well-known facts of MNIST: the first labels, the class counts, the pixel range.
    assert d.train_labels[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert d.test_labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(d.train_labels).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert np.bincount(d.test_labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert d.train_images.min() == 0 and d.train_images.max() == 255


def test_load_caches_and_returns_the_same_arrays(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADE_CACHE_DIR", str(tmp_path))
    mnist.load.cache_clear()
    try:
        first = mnist.load()
        assert mnist.cache_path().is_file() and mnist.cache_path().parent == tmp_path
        mnist.load.cache_clear()
        second = mnist.load()  # from the .npz
        for key in mnist.FILES:
            assert np.array_equal(getattr(first, key), getattr(second, key))
            assert not getattr(second, key).flags.writeable
        # A damaged cache is ignored and rewritten.
        mnist.cache_path().write_bytes(b"not an npz")
        mnist.load.cache_clear()
        assert np.array_equal(mnist.load().test_labels, first.test_labels)
    finally:
        mnist.load.cache_clear()


def _write(folder, raw, stem, data: bytes) -> None:
    for s, d in raw.items():
        with gzip.open(folder / f"{s}.gz", "wb", compresslevel=1) as f:
            f.write(data if s == stem else d)


def test_corrupted_file_is_rejected(tmp_path, raw):
    stem = "t10k-labels-idx1-ubyte"
    damaged = bytearray(raw[stem])
    damaged[100] = (damaged[100] + 1) % 10  # one label changed: the format is fine, the checksum is not
    _write(tmp_path, raw, stem, bytes(damaged))
    with pytest.raises(mnist.MnistFormatError, match="sha256"):
        mnist.decode(tmp_path)


def test_truncated_gzip_is_rejected(tmp_path, raw):
    _write(tmp_path, raw, "", b"")
    path = tmp_path / "train-labels-idx1-ubyte.gz"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(mnist.MnistFormatError):
        mnist.decode(tmp_path)


def test_parser_checks_magic_and_length(raw):
    labels = raw["t10k-labels-idx1-ubyte"]
    assert mnist.parse_idx(labels, mnist.LABELS_MAGIC).shape == (10000,)
    with pytest.raises(mnist.MnistFormatError, match="magic"):
        mnist.parse_idx(labels, mnist.IMAGES_MAGIC)  # a labels file is not an images file
    with pytest.raises(mnist.MnistFormatError, match="magic"):
        mnist.parse_idx(b"\x00\x00\x09\x01" + labels[4:], mnist.LABELS_MAGIC)  # type code 0x09 (signed byte)
    with pytest.raises(mnist.MnistFormatError, match="data bytes"):
        mnist.parse_idx(labels[:-1], mnist.LABELS_MAGIC)
    with pytest.raises(mnist.MnistFormatError, match="data bytes"):
        mnist.parse_idx(labels + b"\x00", mnist.LABELS_MAGIC)
    with pytest.raises(mnist.MnistFormatError):
        mnist.parse_idx(b"\x00\x00", mnist.LABELS_MAGIC)
    tiny = struct.pack(">IIII", mnist.IMAGES_MAGIC, 2, 2, 3) + bytes(range(12))
    assert mnist.parse_idx(tiny, mnist.IMAGES_MAGIC).tolist() == [[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]]


def test_data_is_masked_from_the_child():
    """The kit's folder (and with it this exercise's data) is among the paths a sandboxed child never sees."""
    from grader.isolation.runner import kit_paths

    assert any(str(mnist.DATA_DIR).startswith(p.rstrip("/") + "/") for p in kit_paths())


def test_distortion_is_small_seeded_and_moves_every_image():
    """``distort``: nothing changes without a distortion; with one, each digit moves by a pixel or two
    (its centre of mass), keeps its ink, and the same generator seed gives the same images."""
    images = mnist.load().test_images[:500]
    still = mnist.distort(images, np.random.default_rng(0), shift=0, degrees=0, elastic=0)
    assert np.array_equal(still, images)
    moved = mnist.distort(images, np.random.default_rng(7))
    assert np.array_equal(moved, mnist.distort(images, np.random.default_rng(7)))
    assert not np.array_equal(moved, mnist.distort(images, np.random.default_rng(8)))

    def centre(x: np.ndarray) -> np.ndarray:
        w = x.astype(np.float64)
        grid = np.arange(28, dtype=np.float64)
        total = w.sum(axis=(1, 2))
        return np.stack([(w.sum(axis=2) * grid).sum(1) / total, (w.sum(axis=1) * grid).sum(1) / total], 1)

    step = np.linalg.norm(centre(moved) - centre(images), axis=1)
    assert 0.5 < step.mean() < 2.5 and step.max() < 2 * np.sqrt(2) + 1.5, (step.mean(), step.max())
    ink = moved.astype(np.float64).sum(axis=(1, 2)) / images.astype(np.float64).sum(axis=(1, 2))
    assert 0.85 < ink.min() and ink.max() < 1.15, (ink.min(), ink.max())
