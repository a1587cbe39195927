"""The student edition: what students get, and nothing they should not.

``build(OUT)`` copies what an allow-list names, nothing else: the stubs (``exercises/``), a notebook
per exercise (``notebooks/``), the engine packages a student's ``grade`` needs (``ENGINE``), and of
each exercise's folder only its metadata, messages, public checks and the modules those checks
import — never its hidden tests, its catalogue of wrong answers, its data or its figure code. The
references are absent (``solutions/`` holds only an empty package, so the engine's
``import solutions`` still works). A ``pyproject.toml`` and a README come with it. In that edition
``grade EXERCISE`` runs the public checks and says that the final grade also uses hidden tests (the
engine grades public-only whenever an exercise has no hidden tests).
"""
from __future__ import annotations

import ast
import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

from grader.core import discover, i18n

MARKER = ".student-edition"
# What of grader/ ships, as glob patterns relative to it (the catalogue of wrong answers does not).
ENGINE = ("__init__.py", "cli.py", "author.py", "notebooks.py", "messages/*.toml",
          "core/*.py", "core/*.ini", "isolation/*.py", "isolation/child/*.py", "formats/*.py",
          "classroom/*.py", "classroom/templates/*", "authoring/__init__.py", "authoring/notebooks.py",
          "authoring/stubs.py", "authoring/release.py", "exercises/__init__.py")
# What of an exercise's folder ships, besides the modules its public checks import.
EXERCISE_FILES = ("__init__.py", discover.METADATA, "messages.toml", discover.PUBLIC_TESTS)


class ReleaseError(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def shipped_files(grader_dir: Path, exercises: list[discover.Exercise]) -> list[Path]:
    """Every file of ``grader_dir`` that the allow-list lets into the student edition."""
    files: set[Path] = set()
    for pattern in ENGINE:
        files |= set(grader_dir.glob(pattern))
    for ex in exercises:
        files |= {ex.folder / name for name in EXERCISE_FILES if (ex.folder / name).is_file()}
        files |= set(public_imports(ex))
        if ex.child_helper_file is not None:  # it runs in the student's own child: nothing secret
            files.add(ex.child_helper_file)
    return sorted(p for p in files if p.is_file())


def public_imports(ex: discover.Exercise) -> list[Path]:
    """Modules of the exercise's own folder that its public checks import (``grader.exercises.<name>.m``)."""
    if not ex.has_public:
        return []
    prefix = f"grader.exercises.{ex.name}"
    out = []
    for node in ast.walk(ast.parse((ex.folder / discover.PUBLIC_TESTS).read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(prefix + "."):
            out.append(ex.folder / (node.module[len(prefix) + 1:].replace(".", "/") + ".py"))
        elif isinstance(node, ast.ImportFrom) and node.module == prefix:
            out += [ex.folder / f"{a.name}.py" for a in node.names]
    bad = [p for p in out if p.name in (discover.HIDDEN_TESTS,) or discover.MUTANTS in p.parts]
    if bad:
        raise ValueError(f"{ex.name}: its public checks import what may not ship: {bad}")
    return out


def build(out: Path, lang: str = "en", root: Path | None = None) -> list[str]:
    """Write the student edition to ``out``; return warnings (exercises without public checks)."""
    root = root or discover.kit_root()
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise ReleaseError("batch.release.not_empty", path=str(out))
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    grader_dir = root / "grader"
    exercises = [e for e in discover.all_exercises() if e.stub.is_file()]
    for src in shipped_files(grader_dir, exercises):
        dst = out / "grader" / src.relative_to(grader_dir)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    (out / "exercises").mkdir()
    for ex in exercises:
        shutil.copyfile(ex.stub, out / "exercises" / ex.stub.name)
    (out / "solutions").mkdir()
    (out / "solutions" / "__init__.py").write_text(
        '"""The reference solutions are not part of the student edition."""\n', encoding="utf-8")
    warnings = []
    from grader.authoring import notebooks

    for ex in exercises:
        if not ex.has_public:
            warnings.append(i18n.t("batch.release.public_missing", lang, exercise=ex.id))
        notebooks.write(ex, out / "notebooks" / f"{ex.name}.ipynb", lang)
    (out / "pyproject.toml").write_text(_pyproject(root / "pyproject.toml"), encoding="utf-8")
    public = [e for e in exercises if e.has_public]
    (out / "README.md").write_text(_readme(public, lang), encoding="utf-8")
    (out / MARKER).write_text("built by `grade release`; safe to overwrite with another release\n", encoding="utf-8")
    return warnings


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(type(v))


def _pyproject(source: Path) -> str:
    """The kit's pyproject.toml, keeping what installing needs (no test settings, no maintainer tools)."""
    with open(source, "rb") as f:
        data = tomllib.load(f)
    project = dict(data.get("project", {}))
    project["description"] = (project.get("description", "") + " Student edition.").strip()
    project["readme"] = "README.md"
    project.pop("optional-dependencies", None)
    scripts = project.pop("scripts", {"grade": "grader.cli:main"})
    project.pop("urls", None)
    tables: list[tuple[str, dict[str, Any]]] = [
        ("build-system", data.get("build-system", {"requires": ["setuptools>=68"],
                                                   "build-backend": "setuptools.build_meta"})),
        ("project", project), ("project.scripts", scripts),
        ("tool.setuptools.packages.find", {"include": ["grader*", "solutions*", "exercises*"]}),
        ("tool.setuptools.package-data", data.get("tool", {}).get("setuptools", {}).get(
            "package-data", {"*": ["*.toml", "*.ini", "*.gz", "*.md"]})),
    ]
    lines = ["# The student edition of the kit (built by `grade release`)."]
    for name, table in tables:
        lines += ["", f"[{name}]"]
        for k, v in table.items():
            key = k if k.replace("-", "").replace("_", "").isalnum() else json.dumps(k)
            lines.append(f"{key} = {_toml_value(v)}")
    return "\n".join(lines) + "\n"


def _readme(exercises: list[discover.Exercise], lang: str) -> str:
    rows = "\n".join(f"| {e.id} | {e.title('en')} | {e.title('ko')} |" for e in exercises)
    first = exercises[0].id if exercises else "exNN"
    return f"""# {i18n.t("batch.release.readme_title", lang)}

## Install / 설치

```bash
pip install -e .
```

## Work on an exercise / 과제 풀기

Write your code in `exercises/exNN_name.py` (or in `notebooks/exNN_name.ipynb`, in the cell tagged
`solution`), then check it:

`exercises/exNN_name.py`(또는 `notebooks/exNN_name.ipynb`의 `solution` 태그 셀)에 코드를 작성한 뒤 확인하세요:

```bash
grade list                 # exercises and points / 과제 목록과 배점
grade {first}                 # public checks for exercises/{first}_*.py / 공개 테스트 실행
grade {first} --lang ko       # feedback in Korean / 한국어 피드백
grade all                  # every exercise / 모든 과제
```

## In Jupyter or Colab / Jupyter·Colab에서

Open `notebooks/{first}_*.ipynb` (in Colab: File → Upload notebook). In Colab, install the kit in the
first cell — from the course's copy of this edition (a git repository or a built wheel,
`pip wheel --no-deps .` in this folder) — then write your code and run the check cell:

노트북을 연 뒤(Colab: 파일 → 노트북 업로드) Colab에서는 첫 셀에서 이 배포본을 설치하고, 코드를 작성한 다음
확인 셀을 실행하세요:

```python
!pip install "dl-exercise-kit @ git+https://github.com/YOUR-COURSE/dl-kit-student"
```

```python
from grader import check
check("{first}")            # the table of your points / 점수 표
```

These are the public checks only: the final grade also uses hidden tests, so make your functions
correct for every input the docstring allows, not only for the examples.

여기에는 공개 테스트만 들어 있습니다. 최종 점수에는 비공개 테스트도 반영되므로, 예시뿐 아니라
docstring이 허용하는 모든 입력에서 올바르게 동작하도록 작성하세요.

| id | title | 제목 |
|---|---|---|
{rows}
"""


def command(out: Path, lang: str) -> int:
    """``grade release OUT``."""
    from rich.console import Console

    err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)
    try:
        warnings = build(out, lang)
    except ReleaseError as exc:
        err.print(i18n.t(exc.key, lang, **exc.params), style="red")
        return 2
    for w in warnings:
        err.print(w, style="yellow")
    count = sum(1 for _ in (out / "exercises").glob("ex[0-9][0-9]_*.py"))
    err.print(i18n.t("batch.release.done", lang, path=str(out), count=count))
    return 0
