"""The student edition: public checks work, and no reference code, hidden test or mutant is in it."""
from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from grader.authoring import release
from grader.core import discover

ROOT = Path(__file__).resolve().parent.parent
EX01 = discover.find("ex01")


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release") / "student"
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "release", str(out), "--lang", "en"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return out


def _norm(line: str) -> str:
    return " ".join(line.split())


EXERCISES = discover.all_exercises()


def _public_lines() -> set[str]:
    """Lines students may see anyway: stubs, public tests, messages, metadata, the engine's own files."""
    lines: set[str] = set()
    grader = ROOT / "grader"
    files = [*(ROOT / "exercises").glob("*.py"), *(grader / "messages").glob("*.toml"),
             *(p for p in grader.rglob("*.py") if "exercises" not in p.relative_to(grader).parts
               and p.name != "mutants.py")]
    for ex in EXERCISES:
        files += [p for p in (ex.folder / "test_public.py", ex.folder / "messages.toml", ex.folder / "exercise.toml")
                  if p.is_file()]
    for path in files:
        lines |= {_norm(ln) for ln in path.read_text(encoding="utf-8").splitlines()}
    return lines


def _distinctive(lines: list[str], public: set[str]) -> set[str]:
    out = set()
    for ln in lines:
        n = _norm(ln)
        if len(n) >= 24 and not n.startswith(("#", '"""', "'''")) and n not in public:
            out.add(n)
    return out


def _solution_blocks(source: str) -> list[str]:
    lines, inside, out = source.splitlines(), False, []
    for ln in lines:
        if "# BEGIN SOLUTION" in ln:
            inside = True
        elif "# END SOLUTION" in ln:
            inside = False
        elif inside:
            out.append(ln)
    return out


def _secrets() -> tuple[set[str], set[str]]:
    """Distinctive lines of references, hidden tests and mutants; names of hidden tests."""
    public = _public_lines()
    lines: set[str] = set()
    for path in (ROOT / "solutions").glob("ex[0-9][0-9]_*.py"):
        lines |= _distinctive(_solution_blocks(path.read_text(encoding="utf-8")), public)
    hidden = [ex.folder / "test_hidden.py" for ex in EXERCISES if ex.has_hidden]
    secret_files = hidden + [p for ex in EXERCISES for p in ex.mutants()]
    secret_files += [p for ex in EXERCISES for part in ("dataset", "figure") if ex.has_part(part)
                     for p in [ex.folder / f"{part}.py"]]
    for path in secret_files:
        lines |= _distinctive(path.read_text(encoding="utf-8").splitlines(), public)
    public_tests = {n.name for ex in EXERCISES if ex.has_public
                    for n in ast.parse((ex.folder / "test_public.py").read_text(encoding="utf-8")).body
                    if isinstance(n, ast.FunctionDef)}
    hidden_names = {n.name for p in hidden for n in ast.parse(p.read_text(encoding="utf-8")).body
                    if isinstance(n, ast.FunctionDef) and n.name.startswith("test_") and n.name not in public_tests}
    return lines, hidden_names


def test_layout_has_no_references_hidden_tests_or_mutants(edition):
    assert (edition / "exercises" / "ex01_metrics.py").read_bytes() == EX01.stub.read_bytes()
    shipped = {p.relative_to(edition / "grader").as_posix() for p in (edition / "grader").rglob("*") if p.is_file()}
    assert not [p for p in shipped if p.endswith("test_hidden.py") or "/mutants/" in p or p.endswith("mutants.py")]
    assert not [p for p in shipped if p.endswith((".gz", "dataset.py", "figure.py"))], "data and figures stay behind"
    assert [p.name for p in (edition / "solutions").iterdir()] == ["__init__.py"]
    assert "exercises/ex01_metrics/test_public.py" in shipped
    assert (edition / "notebooks" / "ex01_metrics.ipynb").is_file()
    assert "pip install -e ." in (edition / "README.md").read_text(encoding="utf-8")


def test_no_reference_code_or_hidden_test_text_anywhere(edition):
    lines, hidden_names = _secrets()
    assert lines and hidden_names, "the scan must have something to look for"
    name_re = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(hidden_names)) + r")\b")
    leaks = []
    for path in edition.rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # data files (gzip)
        if path.suffix == ".ipynb":
            text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"])
        for ln in text.splitlines():
            n = _norm(ln)
            if n in lines:
                leaks.append(f"{path.relative_to(edition)}: {n}")
        m = name_re.search(text)
        if m:
            leaks.append(f"{path.relative_to(edition)}: hidden test name {m.group(0)}")
    assert not leaks, "\n".join(leaks[:20])


def _run(edition: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader.cli", *args], capture_output=True, text=True, cwd=edition,
                          timeout=300, env={"PATH": "/usr/bin:/bin", "HOME": str(edition), "COLUMNS": "120",
                                            "GRADE_LANG": "en"})


def test_release_grades_with_public_checks_and_says_so(edition, tmp_path):
    proc = subprocess.run([sys.executable, "-c", "import grader, solutions; print(grader.__file__)"],
                          capture_output=True, text=True, cwd=edition, timeout=60)
    assert proc.stdout.strip() == str(edition / "grader" / "__init__.py"), "the edition's grader is the one running"
    mine = tmp_path / "ex01_metrics.py"
    mine.write_bytes(EX01.solution.read_bytes())
    proc = _run(edition, "ex01", "--file", str(mine), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    public_points = discover._points(EX01.folder / "test_public.py")
    assert result["public_only"] is True and result["score"] == result["max_score"] == public_points
    assert all(t["visibility"] == "public" for t in result["tests"])
    proc = _run(edition, "ex01", "--file", str(mine))
    assert "final grade also uses hidden tests" in proc.stdout
    proc = _run(edition, "ex01")  # the untouched stub of the edition
    assert proc.returncode == 1 and "unchanged stub" in proc.stdout


def test_release_refuses_a_folder_that_is_not_an_edition(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(release.ReleaseError):
        release.build(tmp_path)
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_the_edition_installs_from_a_wheel_without_references_and_checks(edition, tmp_path):
    """What a Colab student runs: pip installs the edition from a built wheel (not the working tree), then
    ``from grader import check; check(...)`` grades the functions the session defines."""
    import sysconfig
    import venv
    import zipfile

    dist = tmp_path / "dist"
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(dist), str(edition)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (wheel,) = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.startswith("solutions/") and n != "solutions/__init__.py"], names
    assert not [n for n in names if n.endswith(("test_hidden.py", "selftest.py")) or "/mutants/" in n]
    assert any(n.endswith("ex01_metrics/test_public.py") for n in names)

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # numpy, torch… from this machine (no network): its site-packages on the path, without running its .pth
    # files, so the kit installed there in editable mode is not visible.
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "machine.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    proc = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    work = tmp_path / "colab"
    work.mkdir()
    (work / "my_ex01.py").write_bytes(EX01.solution.read_bytes())  # what the student wrote
    script = ("from my_ex01 import *\nimport grader, solutions\nprint('ENGINE', grader.__file__)\n"
              "from grader import check\ncheck('ex01', lang='en')\n"
              "try:\n    import solutions.ex01_metrics\nexcept ImportError:\n    print('NO REFERENCE')\n")
    proc = subprocess.run([str(python), "-c", script], capture_output=True, text=True, cwd=work, timeout=300,
                          env={**__import__("os").environ, "COLUMNS": "120", "GRADE_LANG": "en"})
    assert proc.returncode == 0, proc.stderr
    engine = next(ln for ln in proc.stdout.splitlines() if ln.startswith("ENGINE")).split(" ", 1)[1]
    assert Path(engine).resolve().is_relative_to(env_dir.resolve()), f"not the installed wheel: {engine}"
    public_points = discover._points(EX01.folder / "test_public.py")
    assert f"{public_points:g} / {public_points:g}" in proc.stdout and "✘" not in proc.stdout, proc.stdout
    assert "final grade also uses hidden tests" in " ".join(proc.stdout.split()), proc.stdout
    assert "NO REFERENCE" in proc.stdout, proc.stdout
