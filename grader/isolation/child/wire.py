"""The wire format between the grader and the submission's child process.

One frame = an 8-byte big-endian length, a JSON header of that length, then the header's
``"blobs"`` binary payloads, each length-prefixed the same way. Values are plain JSON; what JSON
cannot carry is tagged:

    {"$nd": i}              numpy array, blob i in .npy format (read with allow_pickle=False)
    {"$nd": i, "sc": 1}     numpy scalar (a 0-d array on the wire)
    {"$nd": i, "pt": 1}     torch tensor (sent as a numpy array)
    {"$tuple": [...]}       tuple
    {"$dict": [[k, v], ...]} dict (every dict is tagged, so a bare JSON object is always a tag)
    {"$bytes": i}           bytes
    {"$cb": n}              a callable that lives on the other side (call back to use it)
    {"$h": n, "type": "..."} a handle to an object that stays in the child
    {"$rng": seed}          a fresh ``numpy.random.default_rng(seed)`` on the receiving side

Nothing is ever unpickled: a value that is not one of these cannot cross. Arrays are parsed
here, not by ``np.load``: only the ``.npy`` format, plain numeric, boolean or string dtypes, and a
data size that matches the header exactly (a forged header cannot make the receiver allocate
memory the frame does not carry). A frame is refused past its byte limit before it is read, and
a value past ``MAX_OBJECTS`` values or ``MAX_ARRAYS`` arrays while it is decoded: the receiver's
work is bounded by what it agreed to receive. Any malformed frame or value raises ``WireError``. This file is
copied into the sandbox and imported there as a top-level module, so it imports only the standard
library and numpy. The library functions that encoding and framing call are aliases taken when this
module loads (in the child, before the student's module), and ``.npy`` data is written here (not by
``np.save``) and JSON by a C encoder made at load, so a submission that later replaces
``numpy.save``, ``json.dumps``, ``json.JSONEncoder``'s methods or a builtin does not change what the
grader receives.
"""
from __future__ import annotations

import io
import json
import struct
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

_LEN = struct.Struct(">Q")
_HEADER_LEN = struct.Struct("<H")
_np_array, _np_asarray, _np_frombuffer = np.array, np.asarray, np.frombuffer
_ndarray, _generic, _view, _copy = np.ndarray, np.generic, np.ndarray.view, np.ndarray.copy
_tobytes = np.ndarray.tobytes
_json_dumps, _json_loads, _modules = json.dumps, json.loads, sys.modules


def _not_json(obj: Any) -> Any:
    raise TypeError(f"{type(obj).__name__} is not JSON")


def _json_writer() -> Callable[[Any], str]:
    """``json.dumps(obj, allow_nan=True, separators=(",", ":"))``, by the C encoder made here, at load:
    ``json.dumps`` would build its encoder from ``json.JSONEncoder``, whose Python methods a
    submission could replace. Falls back to ``json.dumps`` where that encoder is missing or differs."""
    try:
        import _json

        encoder = _json.make_encoder(None, _not_json, _json.encode_basestring_ascii, None, ":", ",",
                                     False, False, True)
        join = "".join
        sample = {"a": [1, 0.5, None, True, "\u00e9"], "b": float("nan")}
        if join(encoder(sample, 0)) == _json_dumps(sample, allow_nan=True, separators=(",", ":")):
            return lambda obj: join(encoder(obj, 0))
    except Exception:  # another Python's _json: the documented function
        pass
    return lambda obj: _json_dumps(obj, allow_nan=True, separators=(",", ":"))


_to_json = _json_writer()
MAX_DEPTH = 64
MAX_BLOBS = 100_000  # arrays per frame (a numpy scalar is one too); length prefixes count towards the size limit
# What one message may hold once decoded, whatever its size in bytes: every value counts (a number,
# a string, a list, a dict and each of its entries), and an array or bytes each time it is referred
# to (one blob named a million times is a million arrays to parse). The decoder's work is linear in
# these counts, so they bound it: a few seconds at most on an idle core.
MAX_OBJECTS = 1_000_000
MAX_ARRAYS = MAX_BLOBS
MAX_ARRAY_KINDS = 5_000  # different .npy headers per message: each is parsed once (the slow part of an array)
MAX_NDIM = 32
MAX_NPY_HEADER = 10_000
_DTYPE_KINDS = "biufcUS"  # bool, ints, floats, complex, fixed-width strings: nothing else crosses
_MAGIC = b"\x93NUMPY"


class WireError(Exception):
    """A value could not be encoded, or a frame was malformed."""


class Handle:
    """A reference to an object that stays on the other side of the wire."""

    __slots__ = ("id", "type_name")

    def __init__(self, id: int, type_name: str) -> None:
        self.id = id
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<remote {self.type_name} #{self.id}>"


class TensorArray(np.ndarray):
    """On the grader's side, a numpy array that was a torch tensor in the child. Sent back, it arrives
    as a tensor again, so what a student's code keeps between calls (a cache) comes back as it left."""


class Rng:
    """Sent as a seed; arrives as ``numpy.random.default_rng(seed)`` (a Generator cannot cross)."""

    __slots__ = ("seed",)

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)

    def __repr__(self) -> str:
        return f"default_rng({self.seed})"


def _npy_bytes(arr: np.ndarray) -> bytes:
    if arr.dtype.hasobject:
        raise WireError("arrays of Python objects (dtype=object) cannot be graded; return numbers")
    _check_dtype(arr.dtype)
    # Written here rather than by np.save, whose Python code looks up builtins and numpy functions when it
    # runs: format 1.0, the header padded with spaces so that the data starts at a multiple of 64 bytes.
    if not (arr.flags.c_contiguous or arr.flags.f_contiguous):
        arr = _copy(arr, order="C")
    fortran = bool(arr.flags.f_contiguous and not arr.flags.c_contiguous)
    header = f"{{'descr': {arr.dtype.str!r}, 'fortran_order': {fortran!r}, 'shape': {tuple(arr.shape)!r}, }}"
    pad = -(len(_MAGIC) + 4 + len(header) + 1) % 64
    header = (header + " " * pad + "\n").encode("latin1")
    return b"".join([_MAGIC, b"\x01\x00", _HEADER_LEN.pack(len(header)), header,
                     _tobytes(arr, order="F" if fortran else "C")])


def _check_dtype(dtype: np.dtype) -> None:
    if dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None or dtype.kind not in _DTYPE_KINDS:
        raise WireError(f"arrays of dtype {dtype} cannot be graded; return numbers")


def load_npy(blob: bytes, headers: dict[bytes, tuple] | None = None, max_headers: int = MAX_ARRAY_KINDS) -> np.ndarray:
    """Parse one ``.npy`` blob strictly (see the module docstring); never unpickles, never trusts sizes.

    ``headers`` keeps the headers already parsed (byte for byte) for the next blobs of one message:
    a list of a thousand numpy scalars parses one header, not a thousand. At most ``max_headers``
    different ones are parsed (parsing is the slow part), then ``WireError``."""
    if not isinstance(blob, (bytes, bytearray)) or blob[: len(_MAGIC)] != _MAGIC or len(blob) < 10:
        raise WireError("array data is not in .npy format")
    key = _header_bytes(blob)
    parsed = headers.get(key) if headers is not None and key is not None else None
    if parsed is None:
        if headers is not None and len(headers) >= max_headers:
            raise WireError(f"more than {max_headers} kinds of array in one message")
        parsed = _parse_header(blob)
        if headers is not None and key is not None and parsed[3] == len(key):
            headers[key] = parsed
    shape, fortran, dtype, offset = parsed
    count = 1
    for n in shape:
        count *= n
    if dtype.itemsize == 0 or count * dtype.itemsize != len(blob) - offset:
        raise WireError("array data does not match its header")
    arr = _np_frombuffer(blob, dtype=dtype, count=count, offset=offset)
    return _copy(arr.reshape(shape, order="F" if fortran else "C"), order="K")


def _header_bytes(blob: bytes) -> bytes | None:
    """The magic, version, length and header of a ``.npy`` blob, as bytes (None if cut short)."""
    major = blob[6]
    size, start = (2, 8) if major == 1 else (4, 8)
    end = start + size + int.from_bytes(blob[start:start + size], "little")
    return bytes(blob[:end]) if end <= len(blob) and major in (1, 2, 3) else None


def _parse_header(blob: bytes) -> tuple[tuple[int, ...], bool, np.dtype, int]:
    """(shape, Fortran order, dtype, data offset) of a ``.npy`` blob, checked."""
    fp = io.BytesIO(blob)
    try:
        major, _minor = np.lib.format.read_magic(fp)
        if major == 1:
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(fp, max_header_size=MAX_NPY_HEADER)
        elif major in (2, 3):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(fp, max_header_size=MAX_NPY_HEADER)
        else:
            raise WireError(f"unsupported .npy version {major}")
    except WireError:
        raise
    except Exception as exc:  # ValueError, SyntaxError, TypeError ... from a forged header
        raise WireError(f"malformed .npy header: {type(exc).__name__}") from None
    if not isinstance(dtype, np.dtype):
        raise WireError("malformed .npy header")
    _check_dtype(dtype)
    if (not isinstance(shape, tuple) or len(shape) > MAX_NDIM
            or any(type(n) is not int or n < 0 for n in shape)):
        raise WireError("malformed .npy shape")
    return shape, bool(fortran), dtype, fp.tell()


def _torch_tensor_type() -> Any:
    torch = _modules.get("torch")  # never import torch just to check a type
    return getattr(torch, "Tensor", None) if torch is not None else None


class Encoder:
    """Turns a value into (header_value, blobs). Unknown objects go to ``on_unknown``."""

    def __init__(
        self,
        on_callable: Callable[[Any], int] | None = None,
        on_unknown: Callable[[Any], Handle] | None = None,
    ) -> None:
        self.blobs: list[bytes] = []
        self.on_callable = on_callable
        self.on_unknown = on_unknown

    def _blob(self, data: bytes) -> int:
        self.blobs.append(data)
        return len(self.blobs) - 1

    def encode(self, value: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise WireError("value is nested too deeply")
        # Exact type checks first: a subclass of int/float/str could lie about its value.
        t = type(value)
        if value is None or t is bool or t is int or t is str:
            return value
        if t is float:
            return value
        if isinstance(value, TensorArray):
            return {"$nd": self._blob(_npy_bytes(_view(_np_array(value, copy=True), _ndarray))), "pt": 1}
        if isinstance(value, _ndarray):
            return {"$nd": self._blob(_npy_bytes(_view(_np_array(value, copy=True), _ndarray)))}
        if isinstance(value, _generic):
            return {"$nd": self._blob(_npy_bytes(_view(_np_asarray(value), _ndarray))), "sc": 1}
        tensor = _torch_tensor_type()
        if tensor is not None and isinstance(value, tensor):
            arr = value.detach().cpu().resolve_conj().resolve_neg().numpy()
            return {"$nd": self._blob(_npy_bytes(_np_array(arr, copy=True))), "pt": 1}
        if isinstance(value, (bool, int)):  # int/bool subclasses: keep the number only
            return int(value)
        if isinstance(value, float):
            return float(value)
        if isinstance(value, str):
            return str(value)
        if isinstance(value, (bytes, bytearray, memoryview)):
            return {"$bytes": self._blob(bytes(value))}
        if isinstance(value, tuple):
            return {"$tuple": [self.encode(v, depth + 1) for v in value]}
        if isinstance(value, list):
            return [self.encode(v, depth + 1) for v in value]
        if isinstance(value, dict):
            return {"$dict": [[self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in value.items()]}
        if isinstance(value, Handle):
            return {"$h": value.id, "type": value.type_name}
        if isinstance(value, Rng):
            return {"$rng": value.seed}
        if callable(value) and self.on_callable is not None:
            return {"$cb": self.on_callable(value)}
        if self.on_unknown is not None:
            h = self.on_unknown(value)
            return {"$h": h.id, "type": h.type_name}
        raise WireError(f"a value of type {type(value).__name__} cannot be sent")


class Decoder:
    """Turns (header_value, blobs) back into plain Python/numpy values."""

    def __init__(
        self,
        blobs: list[bytes],
        on_callback: Callable[[int], Any] | None = None,
        on_handle: Callable[[int, str], Any] | None = None,
        on_tensor: Callable[[np.ndarray], Any] | None = None,
        max_objects: int = MAX_OBJECTS,
        max_arrays: int = MAX_ARRAYS,
    ) -> None:
        self.blobs = blobs
        self.on_callback = on_callback
        self.on_handle = on_handle
        self.on_tensor = on_tensor
        self.objects_left = max_objects  # over every ``decode`` of this decoder (one message)
        self.arrays_left = max_arrays
        self.max_objects = max_objects
        self.max_arrays = max_arrays
        self.headers: dict[bytes, tuple] = {}  # .npy headers parsed so far (see ``load_npy``)

    def _blob(self, i: Any) -> bytes:
        if type(i) is not int or not 0 <= i < len(self.blobs):
            raise WireError("bad blob reference")
        self.arrays_left -= 1
        if self.arrays_left < 0:
            raise WireError(f"more than {self.max_arrays} arrays in one message")
        return self.blobs[i]

    def decode(self, value: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise WireError("value is nested too deeply")
        self.objects_left -= 1
        if self.objects_left < 0:
            raise WireError(f"more than {self.max_objects} values in one message")
        t = type(value)
        if value is None or t is bool or t is int or t is float or t is str:
            return value
        if t is list:
            return [self.decode(v, depth + 1) for v in value]
        if t is not dict:
            raise WireError("malformed value")
        if "$nd" in value:
            arr = load_npy(self._blob(value["$nd"]), self.headers)
            if value.get("sc"):
                if arr.ndim != 0:
                    raise WireError("a scalar must be sent as a 0-d array")
                return arr[()]
            if value.get("pt"):
                return self.on_tensor(arr) if self.on_tensor is not None else arr.view(TensorArray)
            return arr
        if "$tuple" in value:
            return tuple(self.decode(v, depth + 1) for v in _list(value["$tuple"]))
        if "$dict" in value:
            out = {}
            for pair in _list(value["$dict"]):
                if type(pair) is not list or len(pair) != 2:
                    raise WireError("malformed dict entry")
                key = self.decode(pair[0], depth + 1)
                try:
                    out[key] = self.decode(pair[1], depth + 1)
                except TypeError:  # an unhashable key (a list, an array)
                    raise WireError("a dict key must be a number, a string or a tuple of them") from None
            return out
        if "$bytes" in value:
            return bytes(self._blob(value["$bytes"]))
        if "$cb" in value:
            if self.on_callback is None:
                raise WireError("callables cannot be sent in this direction")
            return self.on_callback(_int(value["$cb"]))
        if "$rng" in value:
            seed = _int(value["$rng"])
            if not 0 <= seed < 2**128:
                raise WireError("bad random seed")
            return np.random.default_rng(seed)
        if "$h" in value:
            if self.on_handle is None:
                raise WireError("handles cannot be sent in this direction")
            return self.on_handle(_int(value["$h"]), str(value.get("type", "object"))[:200])
        raise WireError("unknown tag in value")


def _list(v: Any) -> list:
    if type(v) is not list:
        raise WireError("malformed value")
    return v


def _int(v: Any) -> int:
    if type(v) is not int:
        raise WireError("malformed value")
    return v


def pack(header: dict, blobs: list[bytes] = ()) -> bytes:
    """Serialise one frame."""
    header = dict(header, blobs=len(blobs))
    raw = _to_json(header).encode()
    parts = [_LEN.pack(len(raw)), raw]
    for b in blobs:
        parts += [_LEN.pack(len(b)), b]
    return b"".join(parts)


def read_frame(read_exact: Callable[[int], bytes], max_bytes: int,
               max_header: int | None = None) -> tuple[dict, list[bytes]]:
    """Read one frame with ``read_exact(n)``; refuse frames larger than ``max_bytes`` in total
    (length prefixes included), JSON headers larger than ``max_header`` and more than
    ``MAX_BLOBS`` blobs. Raises ``WireError`` before reading anything it would refuse."""
    total = 0
    limit_mb = f"{max_bytes / 2**20:g} MB"

    def chunk(limit: int) -> bytes:
        nonlocal total
        (n,) = _LEN.unpack(read_exact(_LEN.size))
        total += _LEN.size + n
        if total > max_bytes or n > limit:
            raise WireError(f"message larger than the limit of {limit_mb}")
        return read_exact(n)

    raw = chunk(max_bytes if max_header is None else max_header)
    try:
        header = _json_loads(raw)
    except (ValueError, RecursionError) as exc:
        raise WireError(f"malformed header: {type(exc).__name__}") from None
    if type(header) is not dict or type(header.get("blobs")) is not int or header["blobs"] < 0:
        raise WireError("malformed header")
    if header["blobs"] > MAX_BLOBS:
        raise WireError(f"more than {MAX_BLOBS} arrays in one message")
    blobs = [chunk(max_bytes) for _ in range(header["blobs"])]
    return header, blobs
