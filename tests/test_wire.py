"""The wire format between grader and child: round trips, and every kind of malformed or forged
frame is refused with ``WireError`` before the receiver reads or allocates what it claims.

The last part sends forgeries from inside a real child (a submission that writes on the protocol
pipe itself) and checks the grader ends that child with ``child.protocol`` at once."""
from __future__ import annotations

import io
import json
import pickle
import struct
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from grader.isolation import sandbox
from grader.isolation.child import wire
from grader.isolation.child.wire import Decoder, Encoder, Handle, Rng, WireError

LEN = struct.Struct(">Q")


def roundtrip(value, **enc_kw):
    enc = Encoder(**enc_kw)
    header = {"op": "result", "value": enc.encode(value)}
    data = wire.pack(header, enc.blobs)
    got_header, blobs = wire.read_frame(reader(data), 1 << 30)
    return Decoder(blobs, on_handle=lambda i, t: Handle(i, t)).decode(got_header["value"])


def reader(data: bytes):
    buf = io.BytesIO(data)

    def read_exact(n: int) -> bytes:
        out = buf.read(n)
        if len(out) != n:
            raise EOFError("truncated frame")
        return out

    return read_exact


def frame(header_bytes: bytes, blobs: list[bytes] = ()) -> bytes:
    out = LEN.pack(len(header_bytes)) + header_bytes
    for b in blobs:
        out += LEN.pack(len(b)) + b
    return out


def npy_claiming(shape, descr="|u1", payload=b"\0" * 16, fortran=False, version=(1, 0)) -> bytes:
    header = repr({"descr": descr, "fortran_order": fortran, "shape": shape}).encode()
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    size = struct.pack("<H", len(header)) if version[0] == 1 else struct.pack("<I", len(header))
    return b"\x93NUMPY" + bytes(version) + size + header + payload


def decode_value(value, blobs=()):
    return Decoder(list(blobs)).decode(value)


# ---- round trips ---------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [
    None, True, False, 0, -7, 2**70, 1.5, float("inf"), "", "한국어 text", [1, [2, [3]]], (1, "a", None),
    {"a": 1, 2: [3.0], (1, 2): "tuple key", None: True}, b"\x00\xffbytes", [], (), {},
], ids=repr)
def test_plain_values_round_trip(value):
    got = roundtrip(value)
    assert got == value and type(got) is type(value)


def test_nan_round_trips():
    assert np.isnan(roundtrip(float("nan")))


@pytest.mark.parametrize("arr", [
    np.arange(12, dtype=np.int64).reshape(3, 4), np.array([True, False]), np.arange(5, dtype=np.uint8),
    np.linspace(0, 1, 7, dtype=np.float16), np.array([1 + 2j, -1j]), np.array(["ab", "c"]), np.array([b"x", b"yz"]),
    np.zeros((0, 3)), np.asfortranarray(np.arange(6.0).reshape(2, 3)), np.arange(20.0)[::3],
    np.arange(6, dtype=">i4"), np.array(3.5), np.array(7),
], ids=lambda a: f"{a.dtype}{a.shape}")
def test_arrays_round_trip_with_dtype_and_shape(arr):
    got = roundtrip(arr)
    assert type(got) is np.ndarray and got.dtype == arr.dtype and got.shape == arr.shape
    assert np.array_equal(got, arr)
    assert got.flags.writeable


@pytest.mark.parametrize("scalar", [np.float64(2.5), np.int32(-3), np.bool_(True), np.complex128(1j), np.float32(0.1)],
                         ids=repr)
def test_numpy_scalars_stay_scalars(scalar):
    got = roundtrip(scalar)
    assert isinstance(got, np.generic) and np.ndim(got) == 0
    assert got.dtype == scalar.dtype and got == scalar


def test_zero_d_array_stays_zero_d():
    assert roundtrip(np.array(1.25)).shape == ()


def test_array_subclass_arrives_as_a_plain_array():
    class Liar(np.ndarray):
        def __eq__(self, other):
            return True

    got = roundtrip(np.arange(3.0).view(Liar))
    assert type(got) is np.ndarray and list(got) == [0.0, 1.0, 2.0]


def test_number_subclasses_arrive_as_plain_numbers():
    class TrueInt(int):
        def __eq__(self, other):
            return True

        __hash__ = int.__hash__

    got = roundtrip([TrueInt(3), True])
    assert type(got[0]) is int and got[0] == 3 and not got[0] == 4


def test_rng_arrives_as_a_seeded_generator():
    got = roundtrip(Rng(5))
    assert isinstance(got, np.random.Generator)
    assert got.random() == np.random.default_rng(5).random()


def test_unknown_objects_become_handles_or_are_refused():
    class Model:
        pass

    got = roundtrip(Model(), on_unknown=lambda obj: Handle(9, "Model"))
    assert isinstance(got, Handle) and got.id == 9
    with pytest.raises(WireError):
        Encoder().encode(Model())


def test_torch_tensor_is_sent_as_an_array_and_goes_back_as_a_tensor():
    torch = pytest.importorskip("torch")
    got = roundtrip(torch.arange(4.0).reshape(2, 2))
    assert isinstance(got, np.ndarray) and got.shape == (2, 2) and np.asarray(got).sum() == 6
    enc = Encoder()
    header = enc.encode({"cache": got, "plain": np.ones(2)})
    back = Decoder(enc.blobs, on_tensor=lambda a: torch.from_numpy(a)).decode(header)
    assert isinstance(back["cache"], torch.Tensor) and type(back["plain"]) is np.ndarray


# ---- what cannot be sent ----------------------------------------------------------------------------
@pytest.mark.parametrize("arr", [
    np.array([1, "a", None], dtype=object), np.zeros(2, dtype=[("a", "i4"), ("b", "f8")]),
    np.array(["2020-01-01"], dtype="datetime64[D]"), np.zeros(2, dtype="V8"),
], ids=lambda a: str(a.dtype))
def test_non_numeric_arrays_are_refused(arr):
    with pytest.raises(WireError):
        Encoder().encode(arr)


def test_nesting_is_bounded_both_ways():
    deep: list = []
    for _ in range(wire.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(WireError):
        Encoder().encode(deep)
    with pytest.raises(WireError):
        decode_value(json.loads(json.dumps(deep)))


# ---- frames ---------------------------------------------------------------------------------------
def test_length_over_the_limit_is_refused_before_reading():
    asked: list[int] = []

    def read_exact(n: int) -> bytes:
        asked.append(n)
        if n == 8:
            return LEN.pack(2**62)
        raise AssertionError(f"read {n} bytes of a frame that is over the limit")

    with pytest.raises(WireError, match="larger than the limit"):
        wire.read_frame(read_exact, 64 * 2**20)
    assert asked == [8]


def test_header_limit_is_separate_from_the_frame_limit():
    data = wire.pack({"op": "result", "value": "x" * 5000})
    with pytest.raises(WireError):
        wire.read_frame(reader(data), 1 << 20, max_header=1000)
    assert wire.read_frame(reader(data), 1 << 20, max_header=10_000)[0]["value"] == "x" * 5000


def test_length_prefixes_count_towards_the_limit():
    header = json.dumps({"op": "result", "blobs": 1000}).encode()
    data = frame(header, [b""] * 1000)  # 8 kB of prefixes, no payload
    with pytest.raises(WireError):
        wire.read_frame(reader(data), 4096)


def test_too_many_blobs_are_refused_before_reading_them():
    header = json.dumps({"op": "result", "blobs": wire.MAX_BLOBS + 1}).encode()
    with pytest.raises(WireError, match="arrays in one message"):
        wire.read_frame(reader(frame(header)), 1 << 30)


@pytest.mark.parametrize("raw", [
    b"not json", b"[1, 2]", b'"string"', b'{"op": "result"}', b'{"op": "result", "blobs": -1}',
    b'{"op": "result", "blobs": "1"}', b'{"op": "result", "blobs": true}', b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000,
    b'{"op": "result", "blobs": 0, "value": 1' + b"1" * 5000 + b"}",
], ids=["text", "list", "string", "no-blobs", "negative", "str-blobs", "bool-blobs", "binary", "deep", "huge-int"])
def test_malformed_headers_are_refused(raw):
    with pytest.raises(WireError):
        wire.read_frame(reader(frame(raw)), 1 << 30)


def test_truncated_frame_does_not_pass_as_a_frame():
    data = wire.pack({"op": "result", "value": 1}, [b"abc"])
    with pytest.raises(EOFError):
        wire.read_frame(reader(data[:-1]), 1 << 20)


# ---- values ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [
    {"$unknown": 1}, {}, {"$nd": 5}, {"$nd": -1}, {"$nd": "0"}, {"$nd": True}, {"$nd": 0.0},
    {"$tuple": 3}, {"$tuple": "abc"}, {"$dict": [[1]]}, {"$dict": [[1, 2, 3]]}, {"$dict": "x"},
    {"$dict": [[[1, 2], 3]]}, {"$dict": [[{"$dict": []}, 1]]}, {"$bytes": 9}, {"$rng": -1}, {"$rng": 2**130},
    {"$rng": 1.5}, {"$rng": "7"}, {"$h": 1}, {"$cb": 1}, {"$h": "x"}, 3j,
], ids=repr)
def test_malformed_values_are_refused(value):
    with pytest.raises(WireError):
        decode_value(value, [npy_claiming((16,))])


def test_handles_and_callbacks_only_where_allowed():
    assert Decoder([], on_handle=lambda i, t: ("h", i, t)).decode({"$h": 3, "type": "M"}) == ("h", 3, "M")
    assert Decoder([], on_callback=lambda i: ("cb", i)).decode({"$cb": 2}) == ("cb", 2)
    with pytest.raises(WireError):
        Decoder([], on_handle=lambda i, t: None).decode({"$h": "3"})


def test_scalar_flag_needs_a_zero_d_array():
    with pytest.raises(WireError):
        decode_value({"$nd": 0, "sc": 1}, [npy_claiming((2,), payload=b"\0\0")])


# ---- .npy blobs: parsed strictly, never unpickled --------------------------------------------------
class _Boom:
    ran = False

    def __reduce__(self):
        return (_set_ran, ())


def _set_ran():
    _Boom.ran = True
    return "pwned"


def test_pickle_is_never_loaded():
    blob = pickle.dumps(_Boom())
    with pytest.raises(WireError):
        decode_value({"$nd": 0}, [blob])
    obj_npy = io.BytesIO()
    np.save(obj_npy, np.array([_Boom()], dtype=object), allow_pickle=True)
    with pytest.raises(WireError):
        decode_value({"$nd": 0}, [obj_npy.getvalue()])
    assert not _Boom.ran


def test_zip_archive_is_not_opened():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("arr_0.npy", b"\0" * (64 * 2**20))
    with pytest.raises(WireError, match="not in .npy format"):
        decode_value({"$nd": 0}, [buf.getvalue()])


@pytest.mark.parametrize("blob", [
    npy_claiming((50 * 2**30,)),  # 50 GB claimed, 16 bytes carried
    npy_claiming((2**62, 2**62)),
    npy_claiming((-1,)),
    npy_claiming((1.5,)),
    npy_claiming(("a",)),
    npy_claiming((1,) * 40, payload=b"\0"),
    npy_claiming((2,), descr="|O", payload=b"\0" * 16),
    npy_claiming((2,), descr=[("a", "<i4")], payload=b"\0" * 8),
    npy_claiming((2,), descr="(2,)<i4", payload=b"\0" * 16),
    npy_claiming((2,), descr="<M8[D]", payload=b"\0" * 16),
    npy_claiming((2,), descr="|V8", payload=b"\0" * 16),
    npy_claiming((4,), descr="<f8", payload=b"\0" * 31),  # one byte short
    npy_claiming((4,), descr="<f8", payload=b"\0" * 33),  # one byte extra
    npy_claiming((4,), descr="<f8", payload=b"\0" * 32, version=(9, 0)),
    npy_claiming((2,), descr="|S0", payload=b""),
    b"\x93NUMPY\x01\x00\xff\xff" + b"{" * 70000,
    b"\x93NUMPY\x01\x00\x10\x00{'descr': __import__('os').system('true')}" + b" " * 8,
    b"\x93NUMPY",
    b"",
], ids=["50GB", "huge-2d", "negative", "float-dim", "str-dim", "ndim-40", "object", "structured", "subarray",
        "datetime", "void", "short", "extra", "version-9", "zero-itemsize", "long-header", "code-in-header", "magic-only",
        "empty"])
def test_forged_npy_blobs_are_refused_quickly(blob):
    start = time.perf_counter()
    with pytest.raises(WireError):
        wire.load_npy(blob)
    assert time.perf_counter() - start < 1.0


def test_npy_version_2_and_fortran_order_are_read():
    arr = np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3))
    blob = npy_claiming((2, 3), descr="<f4", payload=arr.tobytes(order="F"), fortran=True, version=(2, 0))
    assert np.array_equal(wire.load_npy(blob), arr)


# ---- forgeries from inside a real child ---------------------------------------------------------------
FORGER = '''
import fcntl, io, json, os, stat, struct, threading, time, zipfile
import numpy as np
L = struct.Struct(">Q")

def _fd():
    for fd in range(3, 64):
        try:
            if stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY:
                return fd
        except OSError:
            pass

def _send(data):
    v = memoryview(data)
    while v:
        v = v[os.write(_fd(), v):]

def _frame(header, blobs=(), raw=None):
    raw = raw if raw is not None else json.dumps(dict(header, blobs=len(blobs))).encode()
    out = L.pack(len(raw)) + raw
    for b in blobs:
        out += L.pack(len(b)) + b
    return out

def _npy(shape, descr="|u1", payload=b"\\0" * 16):
    h = repr({"descr": descr, "fortran_order": False, "shape": shape}).encode()
    h += b" " * (63 - (10 + len(h)) % 64) + b"\\n"
    return b"\\x93NUMPY\\x01\\x00" + struct.pack("<H", len(h)) + h + payload

def _zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("arr_0.npy", b"\\0" * (32 * 2**20))
    return buf.getvalue()

FORGERIES = {
    "huge_npy": lambda: _frame({"op": "result", "value": {"$nd": 0}}, [_npy((50 * 2**30,))]),
    "zip_blob": lambda: _frame({"op": "result", "value": {"$nd": 0}}, [_zip()]),
    "pickle_blob": lambda: _frame({"op": "result", "value": {"$nd": 0}}, [b"\\x80\\x04K\\x01."]),
    "huge_length": lambda: L.pack(2**62) + b"{",
    "deep_json": lambda: _frame({}, raw=b"[" * 100000 + b"]" * 100000),
    "unknown_tag": lambda: _frame({"op": "result", "value": {"$pickle": "gASVAAAA"}}),
    "unhashable_key": lambda: _frame({"op": "result", "value": {"$dict": [[[1, 2], 3]]}}),
    "unknown_op": lambda: _frame({"op": "grade", "score": 14}),
    "no_op": lambda: _frame({"value": 1}),
    "bad_callback": lambda: _frame({"op": "callback", "id": 999, "args": [], "kwargs": {"$dict": []}}),
    "many_blobs": lambda: _frame({"op": "result", "value": 1, "blobs": 10**9}, raw=json.dumps({"op": "result", "value": 1, "blobs": 10**9}).encode()),
    "many_values": lambda: _frame({"op": "result", "value": [0] * 1_500_000}),
    "many_refs": lambda: _frame({"op": "result", "value": [{"$nd": 0, "sc": 1}] * 150_000}, [_npy((), payload=bytes(1))]),
}

def forge(kind):
    _send(FORGERIES[kind]())
    time.sleep(3)
    return "the real reply, too late"

def bad_error():
    _send(_frame({"op": "error", "type": ["ValueError"] * 3, "mro": "ValueError", "message": {"$nd": 0},
                  "where": [[1, 2], "x", [None, None, None, None], [[], {}, 3.5, 7]]}))
    time.sleep(3)

def unasked():
    def later():
        time.sleep(0.1)
        _send(_frame({"op": "result", "value": 14.0}))
    threading.Thread(target=later, daemon=True).start()
    return 0.0

def ok():
    return 1.0

def flood(callback):
    while True:
        callback(1)
'''

FORGERY_KINDS = ["huge_npy", "zip_blob", "pickle_blob", "huge_length", "deep_json", "unknown_tag", "unhashable_key",
                 "unknown_op", "no_op", "bad_callback", "many_blobs"]


@pytest.fixture(scope="module")
def forger(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("forger") / "forger.py"
    path.write_text(FORGER)
    return path


def _child(path: Path, **limits):
    from grader.isolation.runner import Child, ChildSpec

    return Child(ChildSpec(path, "forger", sandbox.Limits(call_timeout_s=5, **limits), None, 0))


@pytest.mark.parametrize("kind", FORGERY_KINDS)
def test_forged_frame_from_a_child_ends_it_with_a_protocol_error(forger, kind):
    from grader.isolation.runner import ChildFailure

    with _child(forger) as child:
        start = time.perf_counter()
        with pytest.raises(ChildFailure) as info:
            child.call("student", "forge", (kind,))
        assert info.value.key == "child.protocol", info.value
        assert time.perf_counter() - start < 2.5  # at once, not after the 3 s sleep or the 5 s limit
        assert not child.alive
        with pytest.raises(ChildFailure):  # and every later call fails at once
            child.call("student", "ok")


def test_forged_error_report_is_reduced_to_plain_strings(forger):
    from grader.isolation.runner import StudentError

    with _child(forger) as child:
        with pytest.raises(StudentError) as info:
            child.call("student", "bad_error")
        err = info.value
        assert all(type(m) is str for m in err.mro) and type(err.message) is str and type(err.type_name) is str
        assert all(len(f) == 4 and type(f[1]) is int for f in err.where)
        err.location()  # does not raise
        assert not err.is_a(ValueError)


def test_a_reply_nobody_asked_for_ends_the_child(forger):
    from grader.isolation.runner import ChildFailure

    with _child(forger) as child:
        assert child.call("student", "unasked") == 0.0
        time.sleep(0.5)
        with pytest.raises(ChildFailure) as info:
            child.call("student", "ok")
        assert info.value.key == "child.protocol" and "nobody asked" in str(info.value.params)


def test_endless_callbacks_end_within_twice_the_time_limit(forger):
    from grader.isolation.runner import ChildFailure

    calls = []

    def slow_callback(x):
        calls.append(x)
        time.sleep(0.01)
        return x

    with _child(forger) as child:
        start = time.perf_counter()
        with pytest.raises(ChildFailure) as info:
            child.call("student", "flood", (slow_callback,), timeout=1.0)
        elapsed = time.perf_counter() - start
    assert info.value.key == "child.timeout"
    assert calls and elapsed < 2.0 + 1.0, elapsed


# ---- the decoder's work is bounded by counts, not only by bytes ---------------------------------------------
def test_a_message_of_too_many_small_values_is_refused_while_decoding():
    assert Decoder([]).max_objects == wire.MAX_OBJECTS
    flat = [0] * wire.MAX_OBJECTS  # the list and its items: one value more than allowed
    t0 = time.perf_counter()
    with pytest.raises(WireError, match="values in one message"):
        Decoder([]).decode(flat)
    assert time.perf_counter() - t0 < 30
    Decoder([]).decode(flat[:-1])  # up to the limit, the message is whole
    nested = {"$dict": [[i, {"$tuple": [i, [i]]}] for i in range(100)]}  # containers and keys count too
    assert len(Decoder([], max_objects=501).decode(nested)) == 100
    with pytest.raises(WireError, match="more than 500 values"):
        Decoder([], max_objects=500).decode(nested)


def test_one_array_referred_to_again_and_again_counts_each_time():
    enc = Encoder()
    ref = enc.encode(np.float64(1.5))
    assert Decoder(enc.blobs).max_arrays == wire.MAX_ARRAYS
    assert Decoder(enc.blobs, max_arrays=10).decode([ref] * 10) == [1.5] * 10
    with pytest.raises(WireError, match="more than 10 arrays"):
        Decoder(enc.blobs, max_arrays=10).decode([ref] * 11)
    with pytest.raises(WireError, match="arrays in one message"):  # the grader's decoder, defaults and all
        Decoder(enc.blobs).decode([ref] * (wire.MAX_ARRAYS + 1))


def test_each_kind_of_array_header_is_parsed_once():
    enc = Encoder()
    scalars = enc.encode([np.float64(i) for i in range(2000)])
    dec = Decoder(enc.blobs)
    assert dec.decode(scalars) == [float(i) for i in range(2000)] and len(dec.headers) == 1
    enc = Encoder()
    kinds = enc.encode([np.zeros((0, k), np.uint8) for k in range(wire.MAX_ARRAY_KINDS + 1)])  # no data, all different
    with pytest.raises(WireError, match="kinds of array"):
        Decoder(enc.blobs).decode(kinds)
    forged = bytearray(enc.blobs[3])  # a cached header still checks its data's size
    dec = Decoder([enc.blobs[3], bytes(forged) + b"\0"])
    assert dec.decode({"$nd": 0}).shape == (0, 3)
    with pytest.raises(WireError, match="does not match"):
        dec.decode({"$nd": 1})


@pytest.mark.parametrize("kind", ["many_values", "many_refs"])
def test_a_reply_of_countless_small_objects_ends_the_child(forger, kind):
    from grader.isolation.runner import ChildFailure

    with _child(forger) as child:
        with pytest.raises(ChildFailure) as info:  # small in bytes, but past the decoder's counts
            child.call("student", "forge", (kind,))
        assert info.value.key == "child.protocol" and "in one message" in str(info.value.params), info.value
        assert not child.alive


PATCHER = '''
import builtins
import copy
import json
import sys

import __main__
import numpy

# What the child's own code and its helpers would reach through sys.modules or a module's attributes.
REACHABLE = sorted(k for k in sys.modules if k.startswith(("helpers_", "kit_")) or k == "wire")
__main__.Channel.send = lambda *a, **k: None
__main__.wire = None
json.dumps = lambda *a, **k: '{"op": "result", "blobs": 0, "value": "forged"}'
json.JSONEncoder.encode = json.JSONEncoder.iterencode = lambda *a, **k: '{"op": "result", "blobs": 0, "value": 0}'
numpy.save = None
copy._deepcopy_dispatch[numpy.ndarray] = lambda a, memo: numpy.zeros(1)
builtins.sorted = None


def reachable():
    return REACHABLE


def double(x):
    x *= 2  # in place
    return numpy.arange(3)
'''


def test_the_childs_protocol_and_helpers_are_bound_before_the_submission_loads(tmp_path):
    """A submission that patches ``__main__``, ``json.dumps``, ``numpy.save``, ``copy``'s dispatch and a
    builtin at import changes nothing the grader receives: the child serves from private copies."""
    path = tmp_path / "forger.py"
    path.write_text(PATCHER)
    with _child(path) as child:
        assert child.call("student", "reachable") == []
        got, args = child.call("helper:helpers_core", "call_and_return_args", ("double", np.ones(2)))
        assert np.array_equal(got, np.arange(3)) and np.array_equal(args[0], [2.0, 2.0])
