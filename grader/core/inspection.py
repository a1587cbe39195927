"""A static look at a submission for what the sandbox cannot rule out inside one Python process.

Python has no isolation within a process: code that reaches into the interpreter (``sys.modules``, frames,
``gc``, ``ctypes``, ``builtins``), names the grader's own modules, runs code built at run time, starts
processes, threads or sockets, or carries a large table of data can try to change what the child observes.
The sandbox bounds the harm; this pass makes the attempt visible. Each finding is a "needs review" mark for the
instructor, with the rule, the line and the code: it never changes the score, neither as a silent pass nor as
an automatic zero. The rules look at the syntax tree only; the module is never imported here.
"""
from __future__ import annotations

import ast
from typing import Any

RULES = ("interpreter", "grader", "dynamic_code", "processes", "files", "objects", "embedded_data")
MAX_FINDINGS = 20
LARGE_STRING = 20_000  # characters (or bytes) of one literal
LARGE_LITERAL = 2_000  # elements of one list/tuple/set/dict display, nested ones counted
LARGE_SOURCE = 300_000  # characters of the whole submission

_INTERPRETER_ATTRS = {
    ("sys", "modules"), ("sys", "_getframe"), ("sys", "settrace"), ("sys", "setprofile"), ("sys", "meta_path"),
    ("sys", "path_hooks"), ("sys", "addaudithook"), ("sys", "_current_frames"), ("sys", "stdout"),
    ("sys", "__stdout__"), ("inspect", "currentframe"), ("inspect", "stack"), ("inspect", "getouterframes"),
    ("inspect", "getmodule"), ("gc", "get_objects"), ("gc", "get_referrers"),
}
_DUNDER_ATTRS = {"f_back", "f_globals", "f_locals", "f_builtins", "gi_frame", "tb_frame", "__subclasses__",
                 "__globals__", "__builtins__", "__code__", "__closure__", "__mro__"}
_INTERPRETER_IMPORTS = {"gc", "ctypes", "builtins", "marshal", "_thread", "importlib"}
_GRADER_PACKAGES = {"grader", "solutions", "pytest", "_pytest", "hypothesis", "pluggy"}
_DYNAMIC = {"exec", "eval", "compile", "__import__", "globals", "vars", "setattr", "delattr"}
_PROCESS_MODULES = {"subprocess", "multiprocessing", "threading", "socket", "signal", "asyncio", "pty", "shutil"}
_OS_FILES = {"walk", "listdir", "scandir", "fdopen", "dup", "dup2", "write", "read", "open", "pipe", "fwalk"}
_FILE_MODULES = {"glob", "fcntl", "mmap", "tempfile"}
_LYING_DUNDERS = {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__bool__", "__float__", "__int__",
                  "__index__", "__abs__", "__array__", "__array_ufunc__", "__array_function__", "__array_finalize__",
                  "__len__", "__hash__", "__instancecheck__", "__getattribute__", "__torch_function__",
                  "__torch_dispatch__"}
_VALUE_BASES = {"ndarray", "int", "float", "bool", "list", "tuple", "dict", "complex", "Tensor", "float64", "generic"}
# Settings that honest code assigns on an imported module (``torch.backends.cudnn.deterministic = True``).
_SETTINGS = ("torch.backends.", "os.environ", "pd.options.", "pandas.options.")
_OS_PROCESS = {"system", "fork", "forkpty", "kill", "killpg", "_exit", "popen", "execv", "execve", "execl",
               "execvp", "spawnl", "spawnv", "posix_spawn", "setsid", "nice", "setpgid"}


def inspect_source(source: str) -> list[dict[str, Any]]:
    """The findings for one submission: ``{"rule", "line", "code"}`` each, first occurrence of each code,
    at most ``MAX_FINDINGS``; [] for code that does none of this (or does not parse: the grading says so)."""
    findings: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()

    def add(rule: str, node: ast.AST | None, code: str) -> None:
        if (rule, code) in seen or len(findings) >= MAX_FINDINGS:
            return
        seen.add((rule, code))
        findings.append({"rule": rule, "line": getattr(node, "lineno", 0), "code": code[:80]})

    if len(source) > LARGE_SOURCE:  # not parsed: the grader's own cost stays bounded
        add("embedded_data", None, f"{len(source):,} characters of source")
        return findings
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return findings
    counted: set[int] = set()  # displays inside one already counted
    for node, name in _patches(tree):
        add("interpreter", node, f"{name} = …")
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                top = name.partition(".")[0]
                if top in _GRADER_PACKAGES:
                    add("grader", node, f"import {name}")
                elif top in _INTERPRETER_IMPORTS:
                    add("interpreter", node, f"import {name}")
                elif top in _PROCESS_MODULES:
                    add("processes", node, f"import {name}")
                elif top in _FILE_MODULES:
                    add("files", node, f"import {name}")
            if isinstance(node, ast.ImportFrom) and node.module in ("sys", "inspect", "os"):
                for a in node.names:
                    if (node.module, a.name) in _INTERPRETER_ATTRS:
                        add("interpreter", node, f"from {node.module} import {a.name}")
                    elif node.module == "os" and a.name in _OS_PROCESS:
                        add("processes", node, f"from os import {a.name}")
                    elif node.module == "os" and a.name in _OS_FILES:
                        add("files", node, f"from os import {a.name}")
        elif isinstance(node, ast.Attribute):
            base = node.value.id if isinstance(node.value, ast.Name) else None
            if (base, node.attr) in _INTERPRETER_ATTRS:
                add("interpreter", node, f"{base}.{node.attr}")
            elif node.attr in _DUNDER_ATTRS:
                add("interpreter", node, f".{node.attr}")
            elif base == "os" and node.attr in _OS_PROCESS:
                add("processes", node, f"os.{node.attr}")
            elif base == "os" and node.attr in _OS_FILES:
                add("files", node, f"os.{node.attr}")
            elif node.attr in ("rglob", "iterdir") and not isinstance(node.value, ast.Constant):
                add("files", node, f".{node.attr}")
        elif isinstance(node, ast.ClassDef):
            bases = {b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in node.bases}
            if bases & _VALUE_BASES:
                add("objects", node, f"class {node.name}({', '.join(sorted(bases & _VALUE_BASES))})")
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name in _LYING_DUNDERS:
                    add("objects", item, f"{node.name}.{item.name}")
        elif isinstance(node, ast.Name):
            if node.id in _DYNAMIC and isinstance(getattr(node, "ctx", None), ast.Load):
                add("dynamic_code", node, node.id)
            elif node.id == "__builtins__":
                add("interpreter", node, "__builtins__")
        elif isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
            if len(node.value) > LARGE_STRING:
                add("embedded_data", node, f"a literal of {len(node.value):,} characters")
            elif isinstance(node.value, str) and node.value.partition(".")[0] in _GRADER_PACKAGES:
                add("grader", node, repr(node.value)[:60])
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set, ast.Dict)) and id(node) not in counted:
            count = _elements(node, counted)
            if count > LARGE_LITERAL:
                add("embedded_data", node, f"a literal of {count:,} elements")
    findings.sort(key=lambda f: f["line"])
    return findings


def _patches(tree: ast.AST) -> list[tuple[ast.AST, str]]:
    """Assignments (and ``del``) to an attribute or an item of an imported module or of something reached
    from one: ``torch.any = f``, ``torch.Tensor.__ne__ = f``, ``copy._deepcopy_dispatch[t] = f``. Such a
    patch changes the library for every caller in the process, the kit's helpers included."""
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(a.asname or a.name.partition(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.update(a.asname or a.name for a in node.names if a.name != "*")
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.Delete)):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        else:
            continue
        for target in targets:
            for t in ast.walk(target) if isinstance(target, (ast.Tuple, ast.List)) else [target]:
                item = isinstance(t, ast.Subscript)
                while isinstance(t, ast.Subscript):
                    t = t.value
                parts = []
                while isinstance(t, ast.Attribute):
                    parts.append(t.attr)
                    t = t.value
                if not isinstance(t, ast.Name) or t.id not in imported or not (parts or item):
                    continue
                name = ".".join([t.id, *reversed(parts)]) + ("[…]" if item else "")
                if not name.startswith(_SETTINGS) and "rcParams" not in name:
                    out.append((t, name))
    return out


def _elements(node: ast.AST, counted: set[int]) -> int:
    """How many constants a display holds, nested displays included (and marked as counted)."""
    total = 0
    for n in ast.walk(node):
        if isinstance(n, ast.Constant):
            total += 1
        elif isinstance(n, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
            counted.add(id(n))
    return total
