# exercise: ex01
# item: extra
# verdict: score 0; forged protocol frames end the child with "not a valid reply", the grader neither allocates what a forged header claims nor crashes
# expect_score: 0
# max_score_granted: 0
# expect_message: not a valid reply
# budget_s: 0
# layers: bubblewrap unshare rlimits
"""Talk to the grader directly: find the protocol pipe and write forged frames on it.

The child's code runs in the same process as the protocol, so it can write anything on the
pipe to the grader. Each function sends a different forgery as its "reply":

* ``confusion_matrix``: a result whose ``.npy`` header claims 50 GB of uint8 (carrying 16 bytes);
* ``accuracy``: a result whose array blob is a zip archive (what ``np.load`` would open lazily);
* ``precision``: a length prefix of 2**62 bytes;
* ``recall``: an error report whose traceback, class list and message are the wrong types;
* ``specificity``: a correct-looking result sent again, unasked, after the real reply;
* ``f1_score``: a JSON header nested 100 000 levels deep.

The grader checks sizes before reading, parses arrays strictly, and ends the child on anything
malformed or unasked. (``tests/test_wire.py`` sends each forgery to a fresh child.)
"""
import fcntl
import io
import json
import os
import stat
import struct
import threading
import time
import zipfile

import numpy as np

_LEN = struct.Struct(">Q")


def _pipe_to_grader():
    for fd in range(3, 64):
        try:
            if stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY:
                return fd
        except OSError:
            continue
    raise RuntimeError("no pipe found")


def _frame(header, blobs=(), raw_header=None):
    raw = raw_header if raw_header is not None else json.dumps(dict(header, blobs=len(blobs))).encode()
    out = _LEN.pack(len(raw)) + raw
    for b in blobs:
        out += _LEN.pack(len(b)) + b
    return out


def _send(data):
    fd = _pipe_to_grader()
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _npy_claiming(shape, dtype="|u1", payload=b"\0" * 16):
    header = repr({"descr": dtype, "fortran_order": False, "shape": shape}).encode()
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + payload


def confusion_matrix(y_true, y_pred, num_classes):
    _send(_frame({"op": "result", "value": {"$nd": 0}}, [_npy_claiming((50 * 2**30,))]))
    time.sleep(2)
    return np.zeros((num_classes, num_classes), dtype=np.int64)


def accuracy(cm):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("arr_0.npy", b"\0" * (64 * 2**20))  # 64 MB that deflate to almost nothing
    _send(_frame({"op": "result", "value": {"$nd": 0}}, [buf.getvalue()]))
    time.sleep(2)
    return 1.0


def precision(cm):
    _send(_LEN.pack(2**62) + b"{")
    time.sleep(2)
    return np.ones(len(cm))


def recall(cm):
    _send(_frame({"op": "error", "type": ["ValueError"], "mro": "ValueError", "message": {"$nd": 0},
                  "where": [[1, 2], "x", [None, None, None, None], [[], {}, 3.5, 7]]}))
    time.sleep(2)
    return np.ones(len(cm))


def specificity(cm):
    fake = _frame({"op": "result", "value": 1.0})

    def later():
        time.sleep(0.05)
        _send(fake)

    threading.Thread(target=later, daemon=True).start()
    return np.ones(len(cm))


def f1_score(cm):
    _send(_frame({}, raw_header=b"[" * 100_000 + b"]" * 100_000))
    time.sleep(2)
    return np.ones(len(cm))
