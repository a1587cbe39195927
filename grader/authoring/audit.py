"""``grade audit``: mutation analysis of an exercise's hidden tests.

Mutants of the exercise's reference are graded through the same isolated path a student's file
takes; a mutant that still gets full marks is a *survivor* — a changed reference the tests do not
tell from the right one. The mutation score is killed / (generated − equivalent).

Two sources of mutants, both applied to the code students write (between ``# BEGIN SOLUTION`` and
``# END SOLUTION``) and, for defaults, to the signatures:

* the generic operators of cosmic-ray (``OPERATORS``: arithmetic and comparison swaps, boolean and
  unary operators, numbers, loops that never run …), one mutated source per operator and occurrence;
* the kit's own operators, shaped like students' mistakes (``grader.authoring.mistakes``): a default
  changed, a documented ``raise`` removed, a documented dtype changed, a defensive copy removed, a loop
  bound off by one, an axis swapped, a mean turned into a sum (and back), a constant perturbed in its
  fourth significant digit, a generator made inside a function that is given one, an array result written
  over the input array, an extra axis on an array result, a numpy scalar for a promised Python scalar.

Mutants that cannot be told apart from the reference by any input the docstring allows are listed in
the exercise's ``equivalent.toml`` (``[[mutant]] id = "…"  reason = "…"``), each reviewed with its reason.
Results are cached per mutant, keyed by the hashes of the reference, the tests, the kit version and the
mutation tool's version, so a second audit only regrades what changed.
"""
from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import os
import re
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from grader.authoring import mistakes
from grader.core.discover import Exercise

# cosmic-ray's operators kept for an audit: one replacement per operator, so that the count stays in
# proportion to the code (cosmic-ray would otherwise try every binary operator for every other).
OPERATORS = (
    "core/ReplaceBinaryOperator_Add_Sub", "core/ReplaceBinaryOperator_Sub_Add", "core/ReplaceBinaryOperator_Mul_Div",
    "core/ReplaceBinaryOperator_Div_Mul", "core/ReplaceBinaryOperator_Pow_Mul",
    "core/ReplaceBinaryOperator_FloorDiv_Div", "core/ReplaceBinaryOperator_Mod_FloorDiv",
    "core/ReplaceComparisonOperator_Lt_LtE", "core/ReplaceComparisonOperator_LtE_Lt",
    "core/ReplaceComparisonOperator_Gt_GtE", "core/ReplaceComparisonOperator_GtE_Gt",
    "core/ReplaceComparisonOperator_Eq_NotEq", "core/ReplaceComparisonOperator_NotEq_Eq",
    "core/ReplaceUnaryOperator_USub_UAdd", "core/ReplaceUnaryOperator_Delete_Not",
    "core/ReplaceTrueWithFalse", "core/ReplaceFalseWithTrue", "core/ReplaceAndWithOr", "core/ReplaceOrWithAnd",
    "core/ReplaceBreakWithContinue", "core/ZeroIterationForLoop", "core/NumberReplacer",
)
EQUIVALENT = "equivalent.toml"
CACHE_VERSION = 1
# A training exercise grades each mutant by training a model: its audit grades a fixed sample of this
# many mutants (spread over operators, the same on every run) unless asked for another --sample.
TRAINING_SAMPLE = 8
_BEGIN = re.compile(r"^\s*# BEGIN SOLUTION\s*$")
_END = re.compile(r"^\s*# END SOLUTION\s*$")


@dataclasses.dataclass
class Mutant:
    id: str  # "<source>/<operator>/<function>#<digest>": stable while that function does not change
    source: str  # "cosmic-ray" or "kit"
    operator: str
    function: str
    line: int
    code: str  # the whole mutated reference
    diff: str


@dataclasses.dataclass
class Verdict:
    mutant: Mutant
    status: str  # killed | survived | equivalent | error
    score: float = 0.0
    max_score: float = 0.0
    reason: str = ""  # for an equivalent mutant, why; for an error, what happened
    cached: bool = False

    def to_dict(self) -> dict[str, Any]:
        m = self.mutant
        return {"id": m.id, "source": m.source, "operator": m.operator, "function": m.function, "line": m.line,
                "status": self.status, "score": self.score, "max_score": self.max_score, "reason": self.reason,
                "diff": m.diff}


@dataclasses.dataclass
class Report:
    exercise: str
    verdicts: list[Verdict]
    seconds: float
    notes: list[str] = dataclasses.field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(v.status == status for v in self.verdicts)

    @property
    def score(self) -> float:
        judged = len(self.verdicts) - self.count("equivalent") - self.count("error")
        return self.count("killed") / judged if judged else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"exercise": self.exercise, "generated": len(self.verdicts), "killed": self.count("killed"),
                "survived": self.count("survived"), "equivalent": self.count("equivalent"),
                "errors": self.count("error"), "mutation_score": round(self.score, 4),
                "seconds": round(self.seconds, 1), "notes": self.notes,
                "survivors": [v.to_dict() for v in self.verdicts if v.status == "survived"],
                "equivalent_mutants": [v.to_dict() for v in self.verdicts if v.status == "equivalent"]}


# ---- where students write code -------------------------------------------------------------------------
def solution_lines(source: str) -> set[int]:
    """1-based line numbers between ``# BEGIN SOLUTION`` and ``# END SOLUTION``."""
    inside, lines = False, set()
    for number, text in enumerate(source.splitlines(), 1):
        if _BEGIN.match(text):
            inside = True
        elif _END.match(text):
            inside = False
        elif inside:
            lines.add(number)
    return lines


def enclosing_function(source: str, line: int) -> str:
    import ast

    best = "<module>"
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.lineno <= line <= (node.end_lineno or 0):
            best = node.name  # walk reaches outer functions first; the innermost wins
    return best


def _changed_line(before: str, after: str) -> int:
    for number, (a, b) in enumerate(zip(before.splitlines(), after.splitlines()), 1):
        if a != b:
            return number
    return min(len(before.splitlines()), len(after.splitlines()))


def _normalised(code: str) -> str:
    import ast

    try:
        return ast.dump(ast.parse(code))
    except SyntaxError:
        return code


def _without_messages(code: str) -> str:
    """The syntax tree with the arguments of every raised exception dropped: two sources equal under it
    differ only in the wording of an error, which a docstring's contract leaves free (it fixes the type)."""
    import ast

    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            node.exc.args, node.exc.keywords = [], []
    return ast.dump(tree)


def make_mutant(reference: str, code: str, source: str, operator: str) -> Mutant:
    line = _changed_line(reference, code)
    function = enclosing_function(reference, line)
    diff = "".join(difflib.unified_diff(reference.splitlines(True), code.splitlines(True), "reference", "mutant", n=1))
    changed = "".join(ln for ln in diff.splitlines(True) if ln[:1] in "+-" and not ln.startswith(("+++", "---")))
    digest = hashlib.sha256(f"{function}\n{changed}".encode()).hexdigest()[:10]
    short = operator.removeprefix("core/")
    return Mutant(f"{source}/{short}/{function}#{digest}", source, short, function, line, code, diff)


# ---- generation --------------------------------------------------------------------------------------
def cosmic_ray_available() -> str | None:
    """cosmic-ray's version, or None when it is not installed (``pip install -e '.[audit]'``)."""
    try:
        from importlib.metadata import version

        import cosmic_ray.mutating  # noqa: F401

        return version("cosmic-ray")
    except Exception:
        return None


def cosmic_ray_mutants(reference: str, lines: set[int]) -> Iterator[tuple[str, str]]:
    """(operator, mutated source) for every occurrence of every kept operator inside ``lines``."""
    from cosmic_ray.mutating import mutate_code
    from cosmic_ray.plugins import get_operator

    for name in OPERATORS:
        operator = get_operator(name)()
        occurrence = 0
        while True:
            code = mutate_code(reference, operator, occurrence)
            occurrence += 1
            if code is None:
                break
            if _changed_line(reference, code) in lines:
                yield name, code


def generate(exercise: Exercise, sources: tuple[str, ...] = ("kit", "cosmic-ray")) -> tuple[list[Mutant], list[str]]:
    """The exercise's mutants (no two alike, none equal to the reference), and notes on what was left out."""
    reference = exercise.solution.read_text(encoding="utf-8")
    lines = solution_lines(reference)
    notes: list[str] = []
    found: list[Mutant] = []
    if "kit" in sources:
        found += [make_mutant(reference, code, "kit", op) for op, code in mistakes.mutants(reference, lines)]
    if "cosmic-ray" in sources:
        if cosmic_ray_available():
            found += [make_mutant(reference, code, "cosmic-ray", op)
                      for op, code in cosmic_ray_mutants(reference, lines)]
        else:
            notes.append("cosmic-ray is not installed (pip install -e '.[audit]'): only the kit's operators ran")
    seen = {_normalised(reference)}
    bare = _without_messages(reference)
    unique, wording = [], 0
    for m in found:
        key = _normalised(m.code)
        if key in seen:
            continue
        seen.add(key)
        if _without_messages(m.code) == bare:
            wording += 1
            continue
        unique.append(m)
    if wording:
        notes.append(f"{wording} mutant(s) that change only the message of a raised error are left out "
                     "(a docstring fixes the error's type, not its wording)")
    return unique, notes


# ---- equivalent mutants and the cache ----------------------------------------------------------------
def equivalent(exercise: Exercise) -> dict[str, str]:
    """{mutant id: reason} from the exercise's ``equivalent.toml``."""
    path = exercise.folder / EQUIVALENT
    if not path.is_file():
        return {}
    with open(path, "rb") as f:
        rows = tomllib.load(f).get("mutant", [])
    return {str(r["id"]): str(r.get("reason", "")) for r in rows}


def cache_key(exercise: Exercise) -> str:
    from grader.classroom.batch import kit_version

    h = hashlib.sha256(f"{CACHE_VERSION} {kit_version()} {cosmic_ray_available()}".encode())
    h.update(exercise.solution.read_bytes())
    for path in exercise.test_files:
        h.update(path.read_bytes())
    # What else decides a verdict: the exercise's other files (strategies, child helpers, messages, limits)
    # and the engine that grades (a change to the sandbox or the wire regrades every mutant).
    engine = Path(__file__).resolve().parent.parent
    listed = {EQUIVALENT, "contract.toml"}
    files = [p for p in sorted(exercise.folder.rglob("*")) if p.is_file() and p.suffix in (".py", ".toml")
             and p.name not in listed and "mutants" not in p.relative_to(exercise.folder).parts]
    files += sorted(p for part in ("core", "isolation") for p in (engine / part).rglob("*.py"))
    files += [engine / "author.py"]
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:20]


def cache_dir() -> Path:
    base = os.environ.get("GRADE_CACHE_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "dl-exercise-kit")
    return Path(base) / "audit"


def _load_cache(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_cache(path: Path, data: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # an audit without a cache is slower, not wrong


# ---- grading -----------------------------------------------------------------------------------------
def audit(exercise: Exercise, *, jobs: int = 1, lang: str = "en", sample: int | None = None,
          sources: tuple[str, ...] = ("kit", "cosmic-ray"), use_cache: bool = True, timeout: float = 600,
          function: str | None = None, progress: Callable[[int, int, str], None] | None = None,
          full_grading: bool = False, operator: str | None = None) -> Report:
    """Generate the exercise's mutants (of ``function`` and ``operator`` only, if given), grade each
    (cached), and report what the tests kill. A killed mutant's score is that of the tests run up to the
    first one it failed, unless ``full_grading``."""
    from grader.classroom.batch import Job, Pool
    from grader.isolation import sandbox

    started = time.perf_counter()
    mutants, notes = generate(exercise, sources)
    if function is not None:
        mutants = [m for m in mutants if m.function == function]
    if operator is not None:
        mutants = [m for m in mutants if m.operator == operator]
    if sample is None and "training" in exercise.child_helpers:
        sample = TRAINING_SAMPLE
        notes.append(f"a training exercise: a fixed sample of {sample} of its {len(mutants)} mutants is graded "
                     "(--sample N for another)")
    if sample is not None:
        mutants = select_sample(mutants, sample)
    known = equivalent(exercise)
    whole = sample is None and function is None and operator is None
    stale = sorted(set(known) - {m.id for m in mutants}) if whole else []
    notes += [f"{EQUIVALENT} lists {i}, which is no longer generated" for i in stale]
    cache_path = cache_dir() / f"{exercise.name}.json"
    key = cache_key(exercise)
    cache = _load_cache(cache_path) if use_cache else {}
    cached = cache.get("results", {}) if cache.get("key") == key else {}
    verdicts: dict[str, Verdict] = {}
    todo = []
    for m in mutants:
        hit = cached.get(m.id)
        if hit is not None:
            verdicts[m.id] = Verdict(m, hit["status"], hit["score"], hit["max_score"], hit.get("reason", ""), True)
        else:
            todo.append(m)
    with tempfile.TemporaryDirectory(prefix="grade-audit-") as tmp:
        queue = []
        for i, m in enumerate(todo):
            folder = Path(tmp) / f"m{i:05d}"
            folder.mkdir()
            file = folder / f"{exercise.name}.py"
            file.write_text(m.code, encoding="utf-8")
            queue.append(Job(m.id, exercise, file, key=None, figures=folder / "figures"))  # type: ignore[arg-type]
        by_id = {m.id: m for m in todo}

        def on_result(job: Job, result: Any, verdict: str) -> None:
            m = by_id[job.student]
            if verdict != "graded" or result.error:
                verdicts[m.id] = Verdict(m, "killed" if verdict == "timeout" else "error", result.score,
                                         result.max_score, verdict if verdict != "graded" else "kit error")
                if verdict == "timeout":  # a mutant that makes grading run past the budget is caught
                    verdicts[m.id].reason = "timeout"
            else:
                full = result.score >= result.max_score - 1e-9
                verdicts[m.id] = Verdict(m, "survived" if full else "killed", result.score, result.max_score)

        if queue:
            iso = sandbox.detect_isolation()
            # A mutant is killed by its first test that loses points: the tests after it are not run
            # (``full_grading`` runs them all, for the scores of every test).
            options = {"device": "cpu", "stop_at_first_loss": not full_grading}
            Pool(max(1, min(jobs, len(queue))), iso, lang, options, timeout).run(queue, on_result, progress)
    for v in verdicts.values():
        if v.status == "survived" and v.mutant.id in known:
            v.status, v.reason = "equivalent", known[v.mutant.id]
    if use_cache:
        results = dict(cached)
        results.update({i: {"status": "survived" if v.status == "equivalent" else v.status, "score": v.score,
                            "max_score": v.max_score, "reason": v.reason if v.status != "equivalent" else ""}
                        for i, v in verdicts.items() if not v.cached and v.status != "error"})
        _save_cache(cache_path, {"key": key, "results": results})
    ordered = [verdicts[m.id] for m in mutants if m.id in verdicts]
    return Report(exercise.name, ordered, time.perf_counter() - started, notes)


def select_sample(mutants: list[Mutant], n: int) -> list[Mutant]:
    """A fixed sample of ``n`` mutants: spread over operators and functions, the same on every run."""
    by_kind: dict[tuple[str, str], list[Mutant]] = {}
    for m in sorted(mutants, key=lambda m: m.id):
        by_kind.setdefault((m.source, m.operator), []).append(m)
    picked: list[Mutant] = []
    while len(picked) < n and any(by_kind.values()):
        for kind in sorted(by_kind):
            if by_kind[kind] and len(picked) < n:
                picked.append(by_kind[kind].pop(0))
    return picked


# ---- the command ---------------------------------------------------------------------------------------
def command(exercises: list[Exercise], *, fmt: str, jobs: int, lang: str, sample: int | None,
            use_cache: bool, function: str | None = None, full_grading: bool = False,
            operator: str | None = None) -> int:
    """``grade audit``: exit 0 when no non-equivalent mutant survives, 1 otherwise."""
    import sys

    from rich.console import Console
    from rich.table import Table

    from grader.classroom.batch import BatchProgress

    reports = []
    for ex in exercises:
        if not ex.solution.is_file() or not ex.has_hidden:
            continue
        with BatchProgress(enabled=fmt == "text", label=f"audit {ex.id}") as bar:
            reports.append(audit(ex, jobs=jobs, lang=lang, sample=sample, use_cache=use_cache, function=function,
                                 progress=bar.update, full_grading=full_grading, operator=operator))
    if fmt == "json":
        sys.stdout.write(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2) + "\n")
    else:
        console = Console()
        table = Table(title="grade audit", title_justify="left")
        for col in ("exercise", "generated", "killed", "survived", "equivalent", "score", "time"):
            table.add_column(col, justify="left" if col == "exercise" else "right")
        for r in reports:
            table.add_row(r.exercise, str(len(r.verdicts)), str(r.count("killed")), str(r.count("survived")),
                          str(r.count("equivalent")), f"{100 * r.score:.1f} %", f"{r.seconds:.0f} s")
        console.print(table)
        for r in reports:
            for note in r.notes:
                console.print(f"[yellow]{r.exercise}: {note}[/yellow]")
            for v in r.verdicts:
                if v.status == "survived":
                    console.print(f"[bold red]survivor[/bold red] {v.mutant.id} (line {v.mutant.line})",
                                  highlight=False)
                    console.print(v.mutant.diff, markup=False, highlight=False)
    return 1 if any(r.count("survived") for r in reports) else 0
