"""A seccomp filter for the bubblewrap child: no new user namespaces inside the sandbox.

bubblewrap's own ``--disable-userns`` needs ``--unshare-user``, which the dedicated uid of each child
rules out (the child would run as the grader's uid outside its namespace). This filter, loaded with
``--seccomp FD``, does the same job: ``unshare`` and ``clone`` with ``CLONE_NEWUSER`` fail with EPERM,
and ``clone3`` (whose flags a filter cannot read) with ENOSYS, so the C library falls back to
``clone``. Threads, ``fork`` and every other system call are untouched. System calls of another
ABI (i386 or x32 on x86-64) fail with ENOSYS. Only x86-64 and aarch64 are covered; elsewhere
``program`` returns None and the sandbox runs without the filter (its results say so).
"""
from __future__ import annotations

import errno
import platform
import struct

CLONE_NEWUSER = 0x10000000
# (audit architecture, clone, unshare, clone3) per machine
ARCHES = {
    "x86_64": (0xC000003E, 56, 272, 435),
    "aarch64": (0xC00000B7, 220, 97, 435),
}
_LD_ABS, _JEQ, _JGE, _JSET, _RET = 0x20, 0x15, 0x35, 0x45, 0x06
_ALLOW = 0x7FFF0000
_ERRNO = 0x00050000
_X32_BIT = 0x40000000
# struct seccomp_data: nr at 0, arch at 4, args[0] at 16 (its low 32 bits first: both arches are little-endian)
_NR, _ARCH, _ARG0 = 0, 4, 16


def _insn(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


def program(machine: str | None = None) -> bytes | None:
    """The filter as a classic BPF program (``struct sock_filter`` array), or None on other machines."""
    arch = ARCHES.get(machine or platform.machine())
    if arch is None:
        return None
    audit, clone, unshare, clone3 = arch
    enosys, eperm = _ERRNO | errno.ENOSYS, _ERRNO | errno.EPERM
    insns = [
        _insn(_LD_ABS, _ARCH),            # 0
        _insn(_JEQ, audit, 1, 0),         # 1: native → 3
        _insn(_RET, enosys),              # 2: another ABI
        _insn(_LD_ABS, _NR),              # 3
        _insn(_JGE, _X32_BIT, 0, 1),      # 4: x32 numbers → 5, else 6
        _insn(_RET, enosys),              # 5
        _insn(_JEQ, clone3, 0, 1),        # 6
        _insn(_RET, enosys),              # 7: clone3 → the C library falls back to clone
        _insn(_JEQ, unshare, 2, 0),       # 8: → 11
        _insn(_JEQ, clone, 1, 0),         # 9: → 11
        _insn(_RET, _ALLOW),              # 10
        _insn(_LD_ABS, _ARG0),            # 11: the flags
        _insn(_JSET, CLONE_NEWUSER, 0, 1),  # 12
        _insn(_RET, eperm),               # 13: a new user namespace
        _insn(_RET, _ALLOW),              # 14
    ]
    return b"".join(insns)
