"""What a child can see and do, checked from inside a real child on each layer this machine offers.

The bubblewrap checks run only where bubblewrap works (they skip with the reason otherwise); the
uid checks only when the grader runs as root (the only case where the child gets a uid of its own).
"""
from __future__ import annotations

import os
import platform
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from grader.isolation import runner, sandbox, seccomp
from grader.isolation.runner import Child, ChildFailure, ChildSpec

ROOT = Path(__file__).resolve().parent.parent
BWRAP = sandbox.detect_isolation()
needs_bwrap = pytest.mark.skipif(BWRAP.layer != "bubblewrap",
                                 reason=f"bubblewrap does not work here (best layer: {BWRAP.layer}); "
                                        "install it: apt-get install -y bubblewrap")
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="the child gets a uid of its own only when the grader is root")

PROBE = '''
import os, resource, socket

def uid():
    return [os.getuid(), os.geteuid(), os.getgid()]

def exists(paths):
    return [p for p in paths if os.path.exists(p)]

def listdir(path):
    return sorted(os.listdir(path))

def writable_outside_tmp():
    found = []
    for dp, dns, fns in os.walk("/"):
        if dp.startswith(("/proc", "/sys", "/tmp")):
            dns[:] = []
            continue
        for name in [dp] + [os.path.join(dp, f) for f in fns]:
            if os.path.isdir(name) or not os.path.islink(name):
                if os.access(name, os.W_OK) and not name.startswith("/dev/"):
                    found.append(name)
    return found

def try_write(path):
    try:
        with open(path, "w") as f:
            f.write("x")
        return True
    except OSError as exc:
        return exc.strerror

def pids():
    return sorted(int(p) for p in os.listdir("/proc") if p.isdigit())

def read(path):
    with open(path, "rb") as f:
        return f.read()

def env():
    return dict(os.environ)

def connect(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return "connected"
    except OSError as exc:
        return type(exc).__name__

def limits():
    names = ["RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_NPROC", "RLIMIT_CORE"]
    return {n: list(resource.getrlimit(getattr(resource, n))) for n in names}

def fill_tmp(mb):
    chunk = b"x" * 2**20
    written = 0
    try:
        for i in range(mb):
            with open(f"/tmp/f{i}", "wb") as f:
                f.write(chunk)
            written += 1
    except OSError as exc:
        return written, exc.strerror
    return written, None

def new_user_namespace():
    import subprocess, sys, threading
    script = ("import ctypes, os; libc = ctypes.CDLL(None, use_errno=True); "
              "r = libc.unshare(0x10000000); print(r, os.strerror(ctypes.get_errno()))")
    out = subprocess.run([sys.executable, "-I", "-S", "-c", script], capture_output=True, text=True).stdout.strip()
    t = threading.Thread(target=lambda: None)
    t.start()
    t.join()
    pid = os.fork()
    if pid == 0:
        os._exit(7)
    return out, os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])

def fork_daemon():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv("/bin/sleep", ["sleep", "1000"])
        os._exit(0)
    return os.getpid()
'''


@pytest.fixture(scope="module")
def probe_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("probe") / "probe.py"
    path.write_text(PROBE)
    return path


@pytest.fixture()
def child(probe_file):
    c = Child(ChildSpec(probe_file, "probe", sandbox.Limits(call_timeout_s=60, tmp_mb=64), BWRAP, 0)).start()
    yield c
    c.close()


# ---- the protections each layer reports ------------------------------------------------------------
def test_every_layer_says_what_is_active_and_what_is_not():
    for layer in sandbox.LAYERS:
        iso = sandbox._describe(layer)
        text = iso.describe()
        assert text.startswith(layer) and "time limit" in text and "memory limit" in text
        assert iso.isolated == (layer == "bubblewrap")
        if layer != "bubblewrap":
            assert any("private filesystem" in m for m in iso.missing)
        if os.geteuid() == 0 and layer != "bubblewrap":  # root ignores RLIMIT_NPROC: no claim of a process limit
            assert "process limit" not in iso.protections and "non-root uid" in iso.missing


def test_a_failing_bubblewrap_is_retried_then_named_in_the_fallback(monkeypatch):
    calls = []
    real = sandbox._run_probe

    def flaky(cmd):
        if cmd[0] == "bwrap":
            calls.append(cmd)
            return "bwrap: Creating new namespace failed: Resource temporarily unavailable"
        return real(cmd)

    monkeypatch.setattr(sandbox, "_run_probe", flaky)
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(sandbox.time, "sleep", lambda s: None)
    sandbox.detect_isolation.cache_clear()
    try:
        iso = sandbox.detect_isolation()
    finally:
        sandbox.detect_isolation.cache_clear()
    assert len(calls) == 3 and not iso.isolated
    assert iso.missing[0].startswith("bubblewrap (bwrap: Creating new namespace failed")
    assert "bubblewrap (" in iso.describe()


@needs_bwrap
def test_bubblewrap_is_the_layer_chosen_and_reported():
    assert BWRAP.isolated
    for p in ("private read-only filesystem", "no network", "own PID namespace", "process limit"):
        assert p in BWRAP.protections
    if os.geteuid() == 0:
        assert "non-root uid of its own" in BWRAP.protections


# ---- the filesystem view -----------------------------------------------------------------------------
@needs_bwrap
def test_the_kit_the_references_and_the_working_directory_do_not_exist(child):
    kit = [str(ROOT / "solutions" / "ex01_metrics.py"), str(ROOT / "grader" / "hidden"), str(ROOT / "grader" / "data"),
           str(ROOT), os.getcwd(), str(Path(runner.__file__).resolve())]
    assert child.call("student", "exists", (kit,)) == []
    assert child.call("student", "listdir", ("/",)) == sorted(
        ["bin", "dev", "etc", "lib", "lib64", "opt", "proc", "sbin", "submission", "sys", "tmp", "usr"]
        + [p for p in ("root", "home", "work", "srv") if any(r.startswith("/" + p + "/") for r in sandbox.runtime_paths())]
        + [p for p in ("lib32",) if os.path.isdir("/" + p)])


@needs_bwrap
def test_etc_holds_only_what_the_runtime_needs(child):
    seen = set(child.call("student", "listdir", ("/etc",)))
    assert seen <= set(sandbox.ETC_KEEP) | {"mtab", "ssl"}
    assert not seen & {"pip.conf", "gitconfig", "npmrc", "environment", "shadow", "ssh", "wgetrc"}


@needs_bwrap
def test_nothing_outside_the_private_tmp_is_writable(child):
    assert child.call("student", "writable_outside_tmp") == []
    for target in ("/submission/probe.py", "/opt/kit-child/child.py", "/etc/passwd", "/usr/x"):
        assert child.call("student", "try_write", (target,)) is not True
    assert child.call("student", "try_write", ("/tmp/ok",)) is True


@needs_bwrap
def test_the_private_tmp_is_size_capped(child):
    written, error = child.call("student", "fill_tmp", (200,))
    assert error == "No space left on device" and written <= 64


@needs_bwrap
def test_the_grader_command_line_and_environment_do_not_leak(child, monkeypatch):
    assert child.call("student", "pids") == [1, 2]
    init = child.call("student", "read", ("/proc/1/cmdline",))
    for secret in (str(ROOT), "grade-child-", "/work", "solutions"):
        assert secret.encode() not in init
    env = child.call("student", "env")
    assert set(env) <= {"PATH", "HOME", "LANG", "PYTHONHASHSEED", "PYTHONDONTWRITEBYTECODE", "TMPDIR", "MPLBACKEND",
                        "USER", "LOGNAME", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                        "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "CUDA_VISIBLE_DEVICES", "PWD", "OMP_WAIT_POLICY",
                        "GOMP_SPINCOUNT", "KMP_BLOCKTIME", "GLIBC_TUNABLES"}


@needs_bwrap
def test_no_connection_reaches_the_graders_loopback(child):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.1)
    try:
        assert child.call("student", "connect", (server.getsockname()[1],)) == "ConnectionRefusedError"
        with pytest.raises(socket.timeout):
            server.accept()
    finally:
        server.close()


# ---- uid, limits, processes --------------------------------------------------------------------------
@needs_bwrap
@needs_root
def test_the_child_runs_under_a_leased_uid_of_its_own(probe_file):
    a = Child(ChildSpec(probe_file, "probe", sandbox.Limits(), BWRAP, 0)).start()
    b = Child(ChildSpec(probe_file, "probe", sandbox.Limits(), BWRAP, 0)).start()
    try:
        ua, ub = a.call("student", "uid"), b.call("student", "uid")
        assert ua[0] == ua[1] == ua[2] and ub[0] == ub[1] == ub[2]
        assert ua[0] != ub[0], "two children at once must not share a uid (the process limit counts per uid)"
        for u in (ua[0], ub[0]):
            assert sandbox.BASE_UID <= u < sandbox.BASE_UID + sandbox.UID_COUNT
    finally:
        a.close()
        b.close()


@needs_bwrap
def test_limits_apply_inside(child):
    lim = child.call("student", "limits")
    assert lim["RLIMIT_AS"][0] == 2048 * 2**20 and lim["RLIMIT_FSIZE"][0] == 8 * 2**20
    assert lim["RLIMIT_NOFILE"][0] == 256 and lim["RLIMIT_CORE"][0] == 0
    if os.geteuid() == 0:
        assert lim["RLIMIT_NPROC"][0] == 32


@needs_bwrap
@needs_root
def test_a_detached_daemon_dies_with_the_child(probe_file, monkeypatch):
    """The PID namespace alone ends it (the uid sweep, the second line of defence, is switched off)."""
    real_kill_uid = sandbox.kill_uid
    monkeypatch.setattr(sandbox, "kill_uid", lambda uid: 0)
    c = Child(ChildSpec(probe_file, "probe", sandbox.Limits(), BWRAP, 0)).start()
    uid = c._lease.uid
    try:
        c.call("student", "fork_daemon")
        time.sleep(0.3)
        daemons = [p for p in sandbox.processes_of_uid(uid) if b"sleep" in Path(f"/proc/{p}/cmdline").read_bytes()]
        assert daemons, "the daemon did not start"
        c.close()
        deadline = time.monotonic() + 5
        while sandbox.processes_of_uid(uid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sandbox.processes_of_uid(uid) == []
    finally:
        real_kill_uid(uid)
        c.close()


def test_a_timed_out_child_fails_every_later_call_at_once(tmp_path):
    sub = tmp_path / "loop.py"
    sub.write_text("def spin():\n    while True:\n        pass\n\ndef ok():\n    return 1\n")
    with Child(ChildSpec(sub, "loop", sandbox.Limits(call_timeout_s=1), BWRAP, 0)) as c:
        start = time.perf_counter()
        with pytest.raises(ChildFailure) as info:
            c.call("student", "spin")
        assert info.value.key == "child.timeout" and time.perf_counter() - start < 3
        start = time.perf_counter()
        for _ in range(50):
            with pytest.raises(ChildFailure):
                c.call("student", "ok")
        assert time.perf_counter() - start < 0.5


@needs_bwrap
def test_no_nested_user_namespaces_inside_bubblewrap(child):
    """A single-threaded process in the sandbox cannot unshare a user namespace (the seccomp filter:
    EPERM); threads and fork still work."""
    if seccomp.program() is None:
        pytest.skip(f"no seccomp filter for this machine ({platform.machine()})")
    out, code = child.call("student", "new_user_namespace")
    assert out == "-1 Operation not permitted" and code == 7


@pytest.mark.parametrize("machine", sorted(seccomp.ARCHES))
def test_the_seccomp_program_is_well_formed(machine):
    code = seccomp.program(machine)
    assert code is not None and len(code) % 8 == 0
    insns = [struct.unpack("=HBBI", code[i:i + 8]) for i in range(0, len(code), 8)]
    for i, (op, jt, jf, _) in enumerate(insns):
        if op & 0x07 == 0x05:  # a jump: both targets inside the program
            assert i + 1 + max(jt, jf) < len(insns)
    assert insns[-1][0] == 0x06  # it ends with a return
    assert seccomp.program("sparc64") is None


# ---- uid leases --------------------------------------------------------------------------------------------
@needs_root
def test_leases_are_exclusive_and_released():
    a, b = sandbox.lease_uid(0), sandbox.lease_uid(0)
    try:
        assert a.uid != b.uid
    finally:
        a.release()
        b.release()
    c = sandbox.lease_uid(0)
    c.release()


@needs_root
def test_kill_uid_never_touches_real_accounts_or_uids_outside_the_range():
    assert sandbox.kill_uid(0) == 0
    assert sandbox.kill_uid(sandbox.BASE_UID - 1) == 0
    assert sandbox.kill_uid(sandbox.BASE_UID + sandbox.UID_COUNT) == 0


@needs_root
def test_kill_uid_ends_a_leftover_process():
    lease = sandbox.lease_uid(0)
    proc = subprocess.Popen(["setpriv", f"--reuid={lease.uid}", f"--regid={lease.uid}", "--clear-groups",
                             "sleep", "60"], start_new_session=True)
    try:
        time.sleep(0.2)
        assert proc.pid in sandbox.processes_of_uid(lease.uid)
        assert sandbox.kill_uid(lease.uid) >= 1
        assert proc.wait(timeout=5) == -9
    finally:
        if proc.poll() is None:
            proc.kill()
        lease.release()


# ---- leftovers of killed graders ---------------------------------------------------------------------------
def test_folders_of_dead_graders_are_swept(tmp_path, monkeypatch):
    monkeypatch.setattr(runner.tempfile, "gettempdir", lambda: str(tmp_path))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / (runner.TMP_PREFIX + "stale")
    (stale / "submission").mkdir(parents=True)
    (stale / "owner").write_text(f"{dead.pid} 12345")
    live = tmp_path / (runner.TMP_PREFIX + "live")
    live.mkdir()
    (live / "owner").write_text(f"{os.getpid()} {runner._start_time(os.getpid())}")
    monkeypatch.setattr(runner, "_swept", False)
    runner._sweep_stale_dirs()
    assert not stale.exists() and live.exists()


@pytest.mark.skipif(not sandbox.uid_drop_works(),
                    reason="without bubblewrap the child can change uid only when the grader is root and the Python "
                           "runtime is readable by other users (not one under /root, say)")
@pytest.mark.parametrize("layer", ["unshare", "rlimits"])
def test_weaker_layers_also_drop_to_a_leased_uid_when_they_can(probe_file, layer):
    iso = sandbox.detect_isolation(layer)
    if iso.layer != layer:
        pytest.skip(f"the {layer} layer does not work here")
    assert iso.drops_uid and "process limit" in iso.protections
    with Child(ChildSpec(probe_file, "probe", sandbox.Limits(), iso, 0)) as c:
        uid = c.call("student", "uid")[0]
        assert uid == c._lease.uid != 0
        assert c.call("student", "try_write", (str(ROOT / "HOSTILE-probe"),)) is not True
        c.call("student", "fork_daemon")
    assert sandbox.processes_of_uid(uid) == []


def test_torch_exercises_get_at_least_4_gb_of_address_space(probe_file):
    with Child(ChildSpec(probe_file, "probe", sandbox.Limits(torch=True, memory_mb=1024), BWRAP, 0)) as c:
        assert c.call("student", "limits")["RLIMIT_AS"][0] == sandbox.TORCH_MIN_MB * 2**20


def test_gpu_auto_resolves_from_the_device_and_the_machine(monkeypatch):
    auto = sandbox.Limits(gpu="auto", torch=True)
    monkeypatch.setattr(sandbox, "gpu_devices", lambda: [Path("/dev/nvidia0")])
    assert auto.for_device("auto").gpu is True and auto.for_device("cuda").gpu is True
    assert auto.for_device("cpu").gpu is False
    monkeypatch.setattr(sandbox, "gpu_devices", lambda: [])
    assert auto.for_device("cuda").gpu is False and auto.for_device("auto").gpu is False
    assert sandbox.Limits(gpu=True).for_device("cpu").gpu is True  # an explicit setting stays
    assert sandbox.Limits().for_device("cuda").gpu is False


def test_a_gpu_child_keeps_cuda_visible_and_has_no_address_space_limit():
    import resource

    cpu = sandbox.Limits(torch=True, gpu=False)
    assert sandbox.child_env(cpu)["CUDA_VISIBLE_DEVICES"] == ""
    assert "CUDA_VISIBLE_DEVICES" not in sandbox.child_env(cpu.updated(gpu=True))
    script = "import resource; print(resource.getrlimit(resource.RLIMIT_AS)[0])"
    out = {gpu: subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                               preexec_fn=sandbox.limit_setter(cpu.updated(gpu=gpu), False)).stdout.strip()
           for gpu in (False, True)}
    assert int(out[False]) == sandbox.TORCH_MIN_MB * 2**20
    assert int(out[True]) == resource.getrlimit(resource.RLIMIT_AS)[0]


def test_the_alias_finder_names_returned_arrays_that_share_memory_with_an_argument(tmp_path):
    """``helpers_core.call_and_find_aliases``: (returned value, argument) pairs that share memory."""
    sub = tmp_path / "alias.py"
    sub.write_text("import numpy as np\n\ndef same(a, b):\n    return a\n\ndef view(a, b):\n    return b[1:], a.copy()\n\n"
                   "def fresh(a, b):\n    return a + 0, [b * 1]\n")
    a, b = np.arange(3.0), np.arange(4.0)
    with Child(ChildSpec(sub, "alias", sandbox.Limits(), BWRAP, 0)) as c:
        found = {fn: c.call("helper:helpers_core", "call_and_find_aliases", (fn, a, b))[1]
                 for fn in ("same", "view", "fresh")}
    assert [list(p) for p in found["same"]] == [[0, 0]]
    assert [list(p) for p in found["view"]] == [[0, 1]]
    assert list(found["fresh"]) == []
