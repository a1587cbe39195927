"""Typical wrong answers ("mutants") for the kit's own tests.

``grader/exercises/<exercise>/mutants/<mistake>.py`` holds only the function(s) written wrongly, a
docstring naming the mistake, and ``EXPECT = "<key>"`` — the hint the grader must give for it, as a
key of the exercise's messages (relative, like ``K("key")`` in its tests). ``build_mutant`` pastes
those functions over the reference's, so each mutant is a complete, self-contained submission that
differs from the reference in exactly the mistake.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Mutant:
    path: Path
    expect: str  # full catalogue key the grader's feedback must name (``<exercise name>.<key>``)
    doc: str

    @property
    def name(self) -> str:
        return self.path.stem


def load(path: Path) -> Mutant:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    expect = ""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "EXPECT" for t in node.targets):
            expect = ast.literal_eval(node.value)
    if not expect:
        raise ValueError(f"{path}: a mutant must set EXPECT = '<key of the exercise's messages>'")
    exercise = path.parent.parent.name
    return Mutant(path, f"{exercise}.{expect}", (ast.get_docstring(tree) or "").strip())


def build_mutant(reference_source: str, mutant_source: str) -> str:
    """The reference with every top-level function of the mutant pasted over its namesake."""
    ref_lines = reference_source.splitlines()
    mut_lines = mutant_source.splitlines()
    mut_tree = ast.parse(mutant_source)
    replacements: dict[str, list[str]] = {}
    extra: list[str] = []
    for node in mut_tree.body:
        start = (node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno) - 1
        text = mut_lines[start:node.end_lineno]
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            replacements[node.name] = text
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            extra += text
    out: list[str] = []
    cursor = 0
    ref_body = ast.parse(reference_source).body
    last_import = max((n.end_lineno or 0 for n in ref_body if isinstance(n, (ast.Import, ast.ImportFrom))), default=0)
    for node in ref_body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in replacements:
            start = (node.decorator_list[0].lineno if node.decorator_list else node.lineno) - 1
            out += ref_lines[cursor:start] + replacements.pop(node.name)
            cursor = node.end_lineno or start
    out += ref_lines[cursor:]
    for lines in replacements.values():  # new helpers or classes of the mutant's own
        out += ["", ""] + lines
    if last_import and extra:  # after the reference's own imports (a __future__ import must stay first)
        out[last_import:last_import] = extra
    return "\n".join(out) + "\n"


def write_mutant(reference: Path, mutant: Path, out_dir: Path) -> Path:
    """Write the complete mutant submission as ``out_dir/<exercise name>.py``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / reference.name
    target.write_text(build_mutant(reference.read_text(encoding="utf-8"), mutant.read_text(encoding="utf-8")),
                      encoding="utf-8")
    return target
