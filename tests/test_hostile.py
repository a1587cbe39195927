"""The hostile-submission corpus: no submission can raise its own grade, stall a batch, or harm the machine.

Each file in ``tests/hostile/`` is a submission with a header saying what it must get::

    # exercise: ex01                    the exercise it is graded as
    # item: 4                           the attack's number in the list of the issue ("extra" otherwise)
    # verdict: <text>                   what must happen, in words
    # expect_score: 0                   the exact score (grading is deterministic)
    # max_score_granted: 0 | honest     0, or "honest": no more than the honest part of the file earns
    # expect_message: <text>            a failed test's feedback contains this (may repeat)
    # must_fail: <test name>            this test must fail (may repeat)
    # budget_s: 20                      the time limits the attack legitimately uses up (timeouts)
    # layers: bubblewrap unshare ...    the isolation layers on which the verdict is guaranteed
    # requires: dedicated-uid           run only where the child gets a uid of its own (fork bomb)

Placeholders ``{{OUT_DIR}}`` (the batch's --out), ``{{TOKEN}}`` (a unique marker) and ``{{PORT}}``
(a loopback listener that must never see a connection) are filled in before grading.

Every entry is graded through ``grade EXERCISE --file`` and, where the command exists, through one
``grade batch`` over the whole corpus; items 1, 2 and 5 also on the weaker layers (unshare,
rlimits) with short limits. Besides the score, the test checks the time to verdict, that the
grader itself did not fail, that no process of the submission survives (fork bomb, daemon), that
no file appeared where the grader writes, and that the listener saw no connection.
``bench/bench_hostile.py`` prints the same runs as a table.
"""
from __future__ import annotations

import concurrent.futures
import functools
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "hostile"
GRACE_S = 5.0  # the goal: every verdict within its timeouts + 5 s
# Start-up and a loaded machine (pytest, torch imports, other gradings in parallel) on top of the goal;
# the bench reports against the goal itself.
SLACK_S = float(os.environ.get("HOSTILE_TIME_SLACK_S", "10"))
JOBS = int(os.environ.get("HOSTILE_JOBS", "2"))
FALLBACK_ITEMS = ("1", "2", "5")
FALLBACK_LIMITS = {"import_timeout_s": 4, "call_timeout_s": 1}


# ---- the corpus ---------------------------------------------------------------------------------------
@dataclass
class Entry:
    path: Path
    exercise: str
    item: str
    verdict: str
    expect_score: float | None
    max_granted: str
    messages: list[str]
    must_fail: list[str]
    budget_s: float
    layers: tuple[str, ...]
    requires: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def attack(self) -> str:
        return re.sub(r"^\d+_", "", self.name).replace("_", " ")


_HEADER = re.compile(r"^# ([a-z_]+): (.*)$")


def parse_entry(path: Path) -> Entry:
    fields: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _HEADER.match(line)
        if m:
            fields.setdefault(m.group(1), []).append(m.group(2).strip())
        elif line.startswith('"""'):
            break

    def one(key: str, default: str | None = None) -> str:
        if key not in fields:
            if default is None:
                raise ValueError(f"{path.name}: header '# {key}:' is missing")
            return default
        return fields[key][0]

    score = one("expect_score", "")
    granted = one("max_score_granted")
    if granted not in ("0", "honest"):
        raise ValueError(f"{path.name}: max_score_granted must be 0 or honest, not {granted!r}")
    return Entry(path=path, exercise=one("exercise"), item=one("item"), verdict=one("verdict"),
                 expect_score=float(score) if score else None, max_granted=granted,
                 messages=fields.get("expect_message", []), must_fail=fields.get("must_fail", []),
                 budget_s=float(one("budget_s", "0")), layers=tuple(one("layers").split()),
                 requires=tuple(one("requires", "").split()))


def load_corpus() -> list[Entry]:
    return [parse_entry(p) for p in sorted(CORPUS.glob("[0-9][0-9]_*.py"))]


def _isolation():
    from grader.isolation import sandbox

    return sandbox.detect_isolation()


def skip_reason(entry: Entry, layer: str | None = None) -> str | None:
    """Why an entry cannot run here (None if it can)."""
    from grader.core import discover

    try:
        ex = discover.find(entry.exercise)
    except discover.UnknownExercise:
        return f"{entry.exercise} is not in this kit yet (no grader/hidden/test_{entry.exercise}_*.py)"
    if not ex.solution.is_file():
        return f"{entry.exercise} has no reference in this edition"
    layer = layer or _isolation().layer
    if layer not in entry.layers:
        return (f"the verdict of {entry.name} is guaranteed only on {', '.join(entry.layers)}; this machine offers "
                f"{layer} (install bubblewrap: apt-get install -y bubblewrap)")
    if "dedicated-uid" in entry.requires and not (layer == "bubblewrap" and os.geteuid() == 0):
        return "runs only under bubblewrap with a uid of its own (the grader must be root): never unbounded"
    return None


def exercise_points(entry: Entry) -> float:
    from grader.core import discover

    return discover.find(entry.exercise).points


def exercise_name(entry: Entry) -> str:
    from grader.core import discover

    return discover.find(entry.exercise).name


# ---- one run's surroundings ----------------------------------------------------------------------------
class Listener:
    """A loopback TCP server that counts connections (there must be none)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


def token_processes(token: str) -> list[int]:
    """Processes whose name or command line carries the token (fork bomb, daemon)."""
    found = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as f:
                if f.read().split(b")")[-1].split()[0] == b"Z":
                    continue
            comm = Path(f"/proc/{d}/comm").read_bytes()
            cmd = Path(f"/proc/{d}/cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        if token.encode() in comm or token.encode() in cmd:
            found.append(int(d))
    return found


class ProcessWatch:
    """Samples the processes carrying a token while a grading runs: the peak count (a fork bomb must
    stay under its process limit) and the survivors afterwards (there must be none)."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, len(token_processes(self.token)))
            time.sleep(0.1)

    def stop(self) -> list[int]:
        self._stop.set()
        self._thread.join(2)
        time.sleep(0.3)
        return token_processes(self.token)


@dataclass
class Context:
    """Where a run grades from: a working directory, an --out folder, a listener."""

    workdir: Path
    out_dir: Path
    listener: Listener

    @classmethod
    def make(cls, base: Path) -> Context:
        work = base / "cwd"
        out = base / "out"
        work.mkdir(parents=True, exist_ok=True)
        out.mkdir(parents=True, exist_ok=True)
        return cls(work, out, Listener())

    def close(self) -> None:
        self.listener.close()


def materialise(entry: Entry, folder: Path, ctx: Context, token: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = entry.path.read_text(encoding="utf-8")
    text = (text.replace("{{OUT_DIR}}", str(ctx.out_dir)).replace("{{TOKEN}}", token)
            .replace("{{PORT}}", str(ctx.listener.port)))
    path = folder / f"{exercise_name(entry)}.py"
    path.write_text(text, encoding="utf-8")
    return path


def marker_files(token: str, ctx: Context) -> list[str]:
    """Files named after the token where the grader works or writes (a tampering that got through)."""
    places = [ctx.out_dir, ctx.workdir, Path("/tmp"), ROOT]
    found = []
    for place in places:
        try:
            found += [str(p) for p in place.iterdir() if token in p.name]
        except OSError:
            pass
    for p in ctx.out_dir.rglob("*"):
        if token in p.name and str(p) not in found:
            found.append(str(p))
    for name in ("gradebook.csv", "grades.json", "grades.sqlite"):  # never written in the grader's working directory
        if (ctx.workdir / name).exists():
            found.append(str(ctx.workdir / name))
    return found


# ---- outcomes -------------------------------------------------------------------------------------------
@dataclass
class Outcome:
    entry: Entry
    mode: str  # "grade", "batch", or "grade/<layer>"
    score: float = 0.0
    max_score: float = 0.0
    seconds: float = 0.0
    tests: list[dict[str, Any]] = field(default_factory=list)
    exit_code: int | None = None
    error: str = ""  # a fault of the kit, or no result at all
    verdict: str = ""  # batch: graded / timeout / crashed / error
    peak_processes: int = 0
    survivors: list[int] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    connections: int = 0
    isolation: str = ""
    stretch: float = 1.0  # the machine's worst contention while this entry was being graded (see Contention)

    def failed_messages(self) -> list[str]:
        return [t["message"] for t in self.tests if not t.get("passed")]

    def summary(self) -> str:
        """The verdict in a few words: the most frequent first line of the feedback."""
        if self.error:
            return "GRADER FAILED: " + self.error.splitlines()[0][:80] if self.error.strip() else "GRADER FAILED"
        lines = [m.strip().splitlines()[0] for m in self.failed_messages() if m.strip()]
        if not lines:
            return "all tests passed"
        best = max(set(lines), key=lines.count)
        return re.sub(r"\s+", " ", best)


def _grade_cmd(entry: Entry, sub: Path, layer: str) -> list[str]:
    return [sys.executable, "-m", "grader.cli", entry.exercise, "--format", "json", "--lang", "en", "--file", str(sub),
            "--isolation", layer]


_LIMITS_SCRIPT = """
import json, sys
from pathlib import Path
from grader.core import discover
from grader.core import engine
from grader.isolation import sandbox
ex = discover.find(sys.argv[1])
iso = sandbox.detect_isolation(sys.argv[3])
res = engine.grade_exercise(ex, Path(sys.argv[2]), lang="en", isolation=iso, limits=json.loads(sys.argv[4]),
                            public_only=not ex.has_hidden)
print(json.dumps(res.to_dict()))
"""


def grade(entry: Entry, base: Path, layer: str = "auto", limits: dict[str, Any] | None = None) -> Outcome:
    """Grade one entry in a fresh process (the CLI, or the engine with ``limits`` overridden)."""
    ctx = Context.make(base)
    token = uuid.uuid4().hex[:10]
    sub = materialise(entry, base / "submission", ctx, token)
    mode = "grade" if layer == "auto" else f"grade/{layer}"
    out = Outcome(entry, mode)
    cmd = (_grade_cmd(entry, sub, layer) if limits is None
           else [sys.executable, "-c", _LIMITS_SCRIPT, entry.exercise, str(sub), layer, json.dumps(limits)])
    watch = ProcessWatch(token)
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ctx.workdir,
                              timeout=entry.budget_s + 300, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        out.seconds = time.perf_counter() - start
        out.exit_code = proc.returncode
        try:
            data = json.loads(proc.stdout)  # the whole of stdout must be the grader's one JSON document
        except json.JSONDecodeError:
            out.error = f"no JSON on stdout (exit {proc.returncode}): {proc.stdout[-300:]!r} {proc.stderr[-1500:]}"
        else:
            out.score, out.max_score = float(data["score"]), float(data["max_score"])
            out.tests, out.error = data["tests"], data.get("error") or ""
            out.isolation = data.get("isolation", "")
    except subprocess.TimeoutExpired:
        out.seconds = time.perf_counter() - start
        out.error = "the grader itself did not finish (stalled)"
    finally:
        out.survivors = watch.stop()
        out.peak_processes = watch.peak
        out.markers = marker_files(token, ctx)
        out.connections = ctx.listener.connections
        ctx.close()
    return out


def batch_available() -> str | None:
    """None when ``grade batch`` exists, else why not."""
    try:
        from grader.classroom import batch  # noqa: F401
        from grader.cli import main
    except ImportError as exc:
        return f"grade batch is not available yet ({exc})"
    if "batch" not in getattr(main, "commands", {}):
        return "grade batch is not a command of this kit yet"
    return None


def run_batch(entries: list[Entry], base: Path, jobs: int = 2, timeout: float = 90) -> dict[str, Outcome]:
    """One ``grade batch`` over all entries (one student per entry); results read from its store."""
    ctx = Context.make(base)
    subs = base / "submissions"
    tokens = {}
    for e in entries:
        tokens[e.name] = uuid.uuid4().hex[:10]
        materialise(e, subs / e.name, ctx, tokens[e.name])
    exercises = ",".join(sorted({e.exercise for e in entries}))
    watches = {n: ProcessWatch(t) for n, t in tokens.items()}
    cmd = [sys.executable, "-m", "grader.cli", "batch", str(subs), "--exercises", exercises, "--jobs", str(jobs),
           "--out", str(ctx.out_dir), "--timeout", f"{timeout:g}", "--format", "json", "--lang", "en"]
    start = time.perf_counter()
    outcomes: dict[str, Outcome] = {}
    try:
        with Contention() as during:
            proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ctx.workdir,
                                  timeout=timeout * len(entries) + 300, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        stalled = ""
    except subprocess.TimeoutExpired:
        proc, stalled = None, "the batch itself did not finish (stalled)"
    elapsed = time.perf_counter() - start
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    tests: dict[tuple[str, str], list[dict[str, Any]]] = {}
    store = ctx.out_dir / "grades.sqlite"
    if store.is_file():
        con = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
        con.row_factory = sqlite3.Row
        for r in con.execute("SELECT * FROM gradings"):
            rows[(r["student"], r["exercise"])] = dict(r)
        for r in con.execute("SELECT * FROM results ORDER BY position"):
            tests.setdefault((r["student"], r["exercise"]), []).append(
                {"name": r["test"], "passed": bool(r["passed"]), "message": r["message"], "score": r["score"]})
        con.close()
    for e in entries:
        out = Outcome(e, "batch", exit_code=proc.returncode if proc else None, stretch=during.worst)
        row = rows.get((e.name, e.exercise))
        if stalled:
            out.error = stalled
        elif row is None:
            out.error = f"no row in the store (batch exit {proc.returncode}): {proc.stderr[-1500:]}"
        else:
            out.score, out.max_score, out.verdict = float(row["score"]), float(row["max_score"]), row["verdict"]
            out.seconds, out.isolation = float(row["duration_s"]), row["isolation"]
            out.tests = tests.get((e.name, e.exercise), [])
            if row["error"]:
                out.error = row["error"]
            elif row["verdict"] != "graded":
                out.error = f"batch verdict {row['verdict']}: " + " ".join(out.failed_messages())[:200]
        out.survivors = watches[e.name].stop()
        out.peak_processes = watches[e.name].peak
        out.markers = marker_files(tokens[e.name], ctx)
        out.connections = ctx.listener.connections
        outcomes[e.name] = out
    ctx.close()
    for out in outcomes.values():
        out.batch_elapsed = elapsed  # type: ignore[attr-defined]
    return outcomes


def problems(out: Outcome, check_time: bool = True, slack_s: float = SLACK_S) -> list[str]:
    """Everything wrong with an outcome (empty: the entry got the verdict it must get)."""
    e = out.entry
    found = []
    if out.error:
        return [f"the grader failed or stalled: {out.error[:500]}"]
    if out.exit_code not in (0, 1, None):
        found.append(f"exit status {out.exit_code}")
    expected_layer = out.mode.split("/")[1] if "/" in out.mode else _isolation().layer
    if not out.isolation.startswith(expected_layer + ":"):
        found.append(f"graded under {out.isolation.split(';')[0][:40]!r}, not {expected_layer}: {out.isolation[-200:]}")
    points = exercise_points(e)
    if out.max_score != points:
        found.append(f"max score {out.max_score:g} instead of {points:g} (a test was skipped?)")
    if e.expect_score is not None and abs(out.score - e.expect_score) > 1e-9:
        found.append(f"score {out.score:g}, expected exactly {e.expect_score:g}")
    if e.max_granted == "0" and out.score > 0:
        found.append(f"FALSE PASS: granted {out.score:g} points")
    if e.max_granted == "honest" and e.expect_score is not None and out.score > e.expect_score + 1e-9:
        found.append(f"FALSE PASS: granted {out.score:g}, more than the honest {e.expect_score:g}")
    failed = out.failed_messages()
    escapes = [m for m in failed if re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", m)]
    if escapes:
        found.append(f"control characters from the child reached the feedback: {escapes[0][:80]!r}")
    for text in e.messages:
        if not any(text in m for m in failed):
            found.append(f"no failed test says {text!r}; they say: {sorted(set(m[:120] for m in failed))[:4]}")
    names = {t["name"]: t for t in out.tests}
    for name in e.must_fail:
        hits = [t for n, t in names.items() if n == name or n.startswith(name + "[")]
        if not hits:
            found.append(f"no test named {name!r}")
        elif any(t["passed"] for t in hits):
            found.append(f"FALSE PASS: {name} passed")
    if out.survivors:
        found.append(f"{len(out.survivors)} process(es) of the submission survived grading: {out.survivors[:5]}")
    if out.markers:
        found.append(f"tampering reached the disk: {out.markers[:5]}")
    if out.connections:
        found.append(f"{out.connections} connection(s) reached the grader's loopback")
    if check_time and out.seconds > e.budget_s + GRACE_S + slack_s:
        # The honest work of grading the exercise (an exercise that trains a model) is not the attack's:
        # measured now, on this machine under its present load, by grading the reference once.
        # Limits count the child's own time, so a busy machine stretches them in wall time: by how much
        # is measured now too (wall over CPU time of a short busy loop here).
        # The stretch is the worse of the contention now and the worst sampled while the entry was graded
        # (a batch grades entries side by side: the machine is busiest while it runs, not after).
        honest, stretch = 2 * reference_seconds(e.exercise), max(contention(), out.stretch)
        if out.seconds > e.budget_s * stretch + GRACE_S + slack_s + honest:
            found.append(f"verdict after {out.seconds:.1f} s, over {e.budget_s:g} s of limits × {stretch:.2f} "
                         f"(the machine's worst contention while grading) + {GRACE_S:g} s (+ {slack_s:g} s slack + "
                         f"{honest:.1f} s, twice the reference's grading now)")
    return found


def contention(cpu_s: float = 0.3) -> float:
    """Wall seconds per CPU second of a busy loop on this machine now (1 on an idle core)."""
    wall0, cpu0 = time.perf_counter(), time.process_time()
    while time.process_time() - cpu0 < cpu_s:
        pass
    return max(1.0, (time.perf_counter() - wall0) / (time.process_time() - cpu0))


class Contention:
    """Samples :func:`contention` every ``every_s`` seconds in a thread while the block runs; ``worst`` is
    the highest stretch seen. A sample costs 0.05 s of CPU, so the sampler itself adds about 2 % load."""

    def __init__(self, every_s: float = 2.0) -> None:
        self.every_s, self.worst = every_s, 1.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(self.every_s):
            self.worst = max(self.worst, contention(0.05))

    def __enter__(self) -> Contention:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@functools.cache
def reference_seconds(exercise: str) -> float:
    """Seconds the CLI takes to grade the exercise's reference, measured once per run."""
    from grader.core import discover

    solution = discover.find(exercise).solution
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "grader.cli", exercise, "--file", str(solution), "--format", "json"],
                   capture_output=True, text=True, cwd=ROOT, timeout=900)
    return time.perf_counter() - start


def run_parallel(entries: list[Entry], base: Path, jobs: int = JOBS, **kw: Any) -> dict[str, Outcome]:
    # Longest first, so that the long timeouts overlap instead of trailing at the end.
    order = sorted(entries, key=lambda e: -e.budget_s)
    with Contention() as during, concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {e.name: pool.submit(grade, e, base / e.name, **kw) for e in order}
        outcomes = {name: f.result() for name, f in futures.items()}
    for out in outcomes.values():
        out.stretch = during.worst
    return outcomes


# ---- the tests ---------------------------------------------------------------------------------------
CORPUS_ENTRIES = load_corpus()


def test_corpus_is_complete_and_well_formed():
    assert len(CORPUS_ENTRIES) >= 15
    items = {e.item for e in CORPUS_ENTRIES}
    assert {str(i) for i in range(1, 16)} <= items, f"items missing from the corpus: {set(map(str, range(1, 16))) - items}"
    for e in CORPUS_ENTRIES:
        text = e.path.read_text(encoding="utf-8")
        assert '"""' in text, f"{e.name}: no module docstring"
        assert e.expect_score is not None or e.must_fail, f"{e.name}: says neither expect_score nor must_fail"
        if e.max_granted == "0":
            assert e.expect_score == 0, f"{e.name}: max_score_granted 0 needs expect_score 0"


def _selected(request: pytest.FixtureRequest, test_name: str) -> set[str]:
    """The entries whose ``test_name`` tests were collected (``-k 04`` grades one entry, not all)."""
    names = set()
    for item in request.session.items:
        if getattr(item, "originalname", "") == test_name and hasattr(item, "callspec"):
            entry = item.callspec.params.get("entry")
            if isinstance(entry, Entry):
                names.add(entry.name)
    return names


@pytest.fixture(scope="module")
def graded(request, tmp_path_factory) -> dict[str, Outcome]:
    wanted = _selected(request, "test_grade")
    runnable = [e for e in CORPUS_ENTRIES if e.name in wanted and skip_reason(e) is None]
    return run_parallel(runnable, tmp_path_factory.mktemp("grade"))


@pytest.mark.parametrize("entry", CORPUS_ENTRIES, ids=lambda e: e.name)
def test_grade(entry: Entry, graded):
    reason = skip_reason(entry)
    if reason:
        pytest.skip(reason)
    out = graded[entry.name]
    found = problems(out)
    assert not found, f"{entry.name} ({entry.verdict}):\n  " + "\n  ".join(found)
    if "dedicated-uid" in entry.requires:  # the fork bomb ran, and stayed under its process limit
        from grader.core import discover

        nproc = discover.find(entry.exercise).limits.nproc
        assert 2 <= out.peak_processes <= nproc, f"peak of {out.peak_processes} bomb processes (limit {nproc})"


@pytest.fixture(scope="module")
def batched(request, tmp_path_factory) -> dict[str, Outcome]:
    reason = batch_available()
    if reason:
        pytest.skip(reason)
    wanted = _selected(request, "test_batch")
    runnable = [e for e in CORPUS_ENTRIES if e.name in wanted and skip_reason(e) is None]
    return run_batch(runnable, tmp_path_factory.mktemp("batch"), jobs=2)


@pytest.mark.parametrize("entry", CORPUS_ENTRIES, ids=lambda e: e.name)
def test_batch(entry: Entry, batched):
    reason = skip_reason(entry)
    if reason:
        pytest.skip(reason)
    out = batched[entry.name]
    found = problems(out)
    assert not found, f"{entry.name} in grade batch ({entry.verdict}):\n  " + "\n  ".join(found)


FALLBACK = [(layer, e) for layer in ("unshare", "rlimits") for e in CORPUS_ENTRIES if e.item in FALLBACK_ITEMS]


@pytest.fixture(scope="module")
def fallback(request, tmp_path_factory) -> dict[tuple[str, str], Outcome]:
    from grader.isolation import sandbox

    base = tmp_path_factory.mktemp("fallback")
    wanted = {(item.callspec.params["layer"], item.callspec.params["entry"].name) for item in request.session.items
              if getattr(item, "originalname", "") == "test_weaker_layers_give_the_same_verdicts"}
    outcomes = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as pool:
        futures = {}
        for layer, e in FALLBACK:
            if (layer, e.name) not in wanted or sandbox.detect_isolation(layer).layer != layer:
                continue
            futures[(layer, e.name)] = pool.submit(grade, e, base / layer / e.name, layer=layer, limits=FALLBACK_LIMITS)
        for key, f in futures.items():
            outcomes[key] = f.result()
    return outcomes


def _scaled(entry: Entry) -> Entry:
    """The entry with the fallback's short limits: timeouts of 4 s (import) and 1 s (calls)."""
    from dataclasses import replace

    msgs = [m.replace("after 30 s", f"after {FALLBACK_LIMITS['import_timeout_s']:g} s")
            .replace("after 5 s", f"after {FALLBACK_LIMITS['call_timeout_s']:g} s") for m in entry.messages]
    budget = (FALLBACK_LIMITS["import_timeout_s"] if entry.budget_s >= 30
              else entry.budget_s / 5 * FALLBACK_LIMITS["call_timeout_s"])
    return replace(entry, messages=msgs, budget_s=budget)


@pytest.mark.parametrize("layer,entry", FALLBACK, ids=lambda v: v if isinstance(v, str) else v.name)
def test_weaker_layers_give_the_same_verdicts(layer: str, entry: Entry, fallback):
    """Without bubblewrap (unshare, or plain rlimits) the loop, timeout and exit verdicts hold too."""
    if (layer, entry.name) not in fallback:
        pytest.skip(f"the {layer} layer does not work on this machine")
    out = fallback[(layer, entry.name)]
    out.entry = _scaled(entry)
    found = problems(out)
    assert not found, f"{entry.name} on {layer}:\n  " + "\n  ".join(found)
    assert out.isolation.startswith(layer)
