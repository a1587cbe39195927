"""Mutation operators shaped like the mistakes students make, applied to a reference's syntax tree.

Each operator is a function ``(tree, source, lines) -> Iterator[(start, end, replacement)]``: a span
of the source (``(line, col)`` pairs from ``ast``) and the text that replaces it. ``lines`` are the
lines students write (between the solution markers); signatures are mutated too, for defaults.
``mutants(source, lines)`` yields ``(operator name, mutated source)``, one per occurrence.

To add an operator: write such a function, register it in ``OPERATORS`` under a name, and add a case
to ``tests/test_audit.py`` showing a mutant it makes.
"""
from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Iterator

Span = tuple[tuple[int, int], tuple[int, int], str]


def _span(node: ast.AST, text: str) -> Span:
    return (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset), text  # type: ignore[attr-defined]


def _src(source_lines: list[str], node: ast.AST) -> str:
    return ast.get_source_segment("\n".join(source_lines), node) or ""


def _plausible_other(value: object) -> list[str]:
    """Other values a student might type for a default (as source)."""
    if isinstance(value, bool):
        return [repr(not value)]
    if isinstance(value, int):
        if value == 0:
            return ["1"]
        if value == -1:
            return ["0"]
        return [repr(value + 1), repr(value - 1)] if abs(value) <= 3 else [repr(value * 2)]
    if isinstance(value, float):
        if value == 0.0:
            return ["1e-08"]
        return [repr(value * 10), repr(value / 10)]
    if isinstance(value, tuple) and value and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                  for v in value):
        out = [repr(value[::-1])] if len(set(value)) > 1 else []  # (beta1, beta2) the wrong way round
        last = _plausible_other(value[-1])
        return out + ([repr(value[:-1] + (ast.literal_eval(last[-1]),))] if last else [])
    return []


_QUOTED = re.compile(r"""["']([A-Za-z_][A-Za-z0-9_]*)["']""")


def _other_options(node: ast.FunctionDef, param: str, value: str) -> list[str]:
    """The other string options the docstring names in quotes on a line that names the default or the
    parameter (``activation: "sigmoid" or "relu"``, ``mode="pattern"``)."""
    doc = ast.get_docstring(node) or ""
    named = re.compile(rf"\b{re.escape(param)}\s*[=:]")
    found: list[str] = []
    for line in doc.splitlines():
        words = _QUOTED.findall(line)
        if value in words or named.search(line):
            found += [w for w in words if w != value and w not in found]
    return [repr(w) for w in found[:2]]


def _type_members(annotation: ast.expr | None, aliases: dict[str, ast.expr]) -> set[str]:
    """The members of a union annotation, module-level aliases resolved (``IntOrPair | None`` → int, tuple, None)."""
    if annotation is None:
        return set()
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return _type_members(annotation.left, aliases) | _type_members(annotation.right, aliases)
    if isinstance(annotation, ast.Name) and annotation.id in aliases:
        return _type_members(aliases[annotation.id], aliases)
    text = ast.unparse(annotation)
    return {text.split("[", 1)[0].split(".")[-1]}


def _instead_of_none(annotation: ast.expr | None, aliases: dict[str, ast.expr]) -> list[str]:
    """What a student might write instead of a ``None`` default, from the parameter's type: a fixed seed
    for a generator (randomness that is not fresh), 1 for a size, ``True`` for a flag, ``()`` for a sequence."""
    members = _type_members(annotation, aliases)
    if "Generator" in members:
        return ["np.random.default_rng(0)"]
    for kind, other in (("int", "1"), ("float", "1.0"), ("bool", "True")):
        if kind in members:
            return [other]
    if members & {"ndarray", "Sequence", "list", "tuple", "ArrayLike"}:
        return ["()"]  # an empty sequence where "not given" was meant
    return []


def _defaults(node: ast.FunctionDef) -> Iterator[tuple[ast.arg, ast.expr]]:
    args = node.args
    positional = args.posonlyargs + args.args
    yield from zip(positional[len(positional) - len(args.defaults):], args.defaults)
    yield from ((a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None)


def changed_defaults(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """Each default of each public function, changed to a plausible other value: a nearby number, the
    other flag, another option the docstring names, or a value instead of ``None`` (by its type)."""
    aliases = {t.id: n.value for n in tree.body if isinstance(n, ast.Assign) and len(n.targets) == 1
               for t in n.targets if isinstance(t, ast.Name)}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        for arg, default in _defaults(node):
            try:
                value = ast.literal_eval(default)
            except ValueError:
                continue
            if value is None:
                others = _instead_of_none(arg.annotation, aliases)
            elif isinstance(value, str):
                others = _other_options(node, arg.arg, value)
            else:
                others = _plausible_other(value)
            for other in others:
                yield _span(default, other)


def removed_raise(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """Each ``raise SomethingError(...)`` the student writes, removed (replaced by ``pass``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.lineno in lines and node.exc is not None:
            name = getattr(getattr(node.exc, "func", node.exc), "id", "")
            if name.endswith(("Error", "Exception")):
                yield _span(node, "pass")


_DTYPES = {"float64": ["float32", "int64"], "float32": ["float64"], "int64": ["int32", "float64"], "int32": ["int64"]}


def changed_dtype(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """``np.float64`` → ``np.float32`` or ``np.int64`` (and the like) where a dtype is named."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.lineno in lines and node.attr in _DTYPES \
                and isinstance(node.value, ast.Name) and node.value.id in ("np", "numpy", "torch"):
            for other in _DTYPES[node.attr]:
                yield _span(node, f"{node.value.id}.{other}")
        elif isinstance(node, ast.keyword) and node.arg == "dtype" and isinstance(node.value, ast.Name) \
                and node.value.id == "float" and node.value.lineno in lines:
            yield _span(node.value, "int")


_RETURNS = re.compile(r"Returns:\s*\n(.*?)(?:\n\s*\n|\Z)", re.S)


def returned_dtype(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """The dtype a function's Returns section documents (float64, int64) given up at the end: ``return x``
    → ``return np.asarray(x, dtype=np.float32)`` (or int32), where a single value is returned."""
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        doc = ast.get_docstring(node) or ""
        section = _RETURNS.search(doc)
        text = (section.group(1) if section else "") + " ".join(re.findall(r"\b[Rr]eturns [^.]*\.", doc))
        named = [d for d in ("float64", "int64") if re.search(rf"\b{d}\b", text)]
        if not named:
            continue
        other = {"float64": "float32", "int64": "int32"}[named[0]]
        for ret in ast.walk(node):
            if isinstance(ret, ast.Return) and ret.value is not None and ret.lineno in lines \
                    and not isinstance(ret.value, ast.Tuple):
                yield _span(ret.value, f"np.asarray({_src(source, ret.value)}, dtype=np.{other})")


# What a Returns section promises about the result's dtype, and the result that breaks it while keeping the
# values of the tests' inputs: an integer cast (whole-number values stay right), or float64 (any value does).
_PROMISED_DTYPE = (
    (re.compile(r"\bsame\s+(shape\s+and\s+)?dtype\b"), "np.asarray({}, dtype=np.float64)"),
    (re.compile(r"\binteger\b[^.,;]{0,20}\barrays?\b"), "np.asarray({}, dtype=np.float64)"),
    (re.compile(r"\bfloat(64)?\s+arrays?\b"), "np.asarray({}).astype(np.int64)"),
)


def result_dtype(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """The result in a dtype its Returns section rules out: "float array" → an integer array (an int cast
    slipped in: whole-number values stay right), "integer index arrays" or "the same dtype" → float64 (an
    ``np.zeros(shape)`` filled in); the first array of a returned tuple, every array of a tuple of arrays
    returned as one value."""
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        section = _RETURNS.search(ast.get_docstring(node) or "")
        text = section.group(1) if section else ""
        wrong = next((w for pattern, w in _PROMISED_DTYPE if pattern.search(text)), None)
        if wrong is None:
            continue
        members = _tuple_members(node)
        if members is None:
            for ret in _returns(node, lines):
                yield _span(ret.value, wrong.format(_src(source, ret.value)))
            continue
        for ret in _returns(node, lines, tuples=True):
            first = ret.value.elts[0]  # type: ignore[attr-defined]
            yield _span(first, wrong.format(_src(source, first)))
        if all(m == "np.ndarray" for m in members):
            for ret in _returns(node, lines):
                yield _span(ret.value, "tuple({} for _a in {})".format(wrong.format("_a"), _src(source, ret.value)))


def removed_copy(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """A defensive copy removed: ``x.copy()``, ``np.copy(x)``, ``copy.deepcopy(x)``, ``np.array(x, copy=True)``,
    ``dict(d)``, ``list(v)`` → ``x`` (the caller's object mutated or returned as it is)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or node.lineno not in lines:
            continue
        f = node.func
        if isinstance(f, ast.Attribute) and f.attr == "copy" and not node.args and not node.keywords:
            yield _span(node, _src(source, f.value))
        elif isinstance(f, ast.Attribute) and f.attr in ("copy", "deepcopy") and len(node.args) == 1:
            yield _span(node, _src(source, node.args[0]))
        elif isinstance(f, ast.Attribute) and f.attr == "array" and node.args and any(
                k.arg == "copy" and isinstance(k.value, ast.Constant) and k.value.value is True for k in node.keywords):
            yield _span(node, _src(source, node.args[0]))
        elif isinstance(f, ast.Name) and f.id in ("dict", "list") and len(node.args) == 1 and not node.keywords:
            yield _span(node, _src(source, node.args[0]))


def loop_bound_off_by_one(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """``range(n)`` → ``range(n - 1)``; ``range(a, b)`` → ``range(a, b - 1)`` and ``range(a + 1, b)``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range" \
                and node.lineno in lines and 1 <= len(node.args) <= 2:
            args = [_src(source, a) for a in node.args]
            if len(args) == 1:
                yield _span(node, f"range({args[0]} - 1)")
            else:
                yield _span(node, f"range({args[0]}, {args[1]} - 1)")
                yield _span(node, f"range({args[0]} + 1, {args[1]})")


def counter_from_zero(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """A step counter kept in a state dict used before it is counted: ``t = state.get("step", 0) + 1`` →
    ``t = state.get("step", 0)`` (the first step is step 0, every later one a step behind)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and node.lineno in lines \
                and isinstance(node.right, ast.Constant) and node.right.value == 1 \
                and any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "get"
                        for n in ast.walk(node.left)):
            yield _span(node, _src(source, node.left))


def swapped_axis(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """``axis=0`` ↔ ``axis=1``, ``axis=-1`` → ``axis=0``; ``keepdims=True`` → ``False``."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.keyword) or node.value.lineno not in lines:
            continue
        try:
            value = ast.literal_eval(node.value)
        except ValueError:
            continue
        if node.arg == "axis" and isinstance(value, int) and not isinstance(value, bool):
            yield _span(node.value, {0: "1", 1: "0"}.get(value, "0"))
        elif node.arg == "keepdims" and value is True:
            yield _span(node.value, "False")


def mean_sum(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """``mean`` → ``sum`` and ``sum`` → ``mean`` (``np.mean(x)``, ``x.mean()``, and the torch spellings)."""
    swap = {"mean": "sum", "sum": "mean"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in swap \
                and node.lineno in lines:
            f = node.func
            start = (f.end_lineno, f.end_col_offset - len(f.attr))  # type: ignore[operator]
            yield start, (f.end_lineno, f.end_col_offset), swap[f.attr]  # type: ignore[misc]


def perturbed_constant(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """A float literal changed in its fourth significant digit (0.5 → 0.5001, 1e-12 → 1.001e-12)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) is float and node.lineno in lines \
                and node.value not in (0.0,) and math.isfinite(node.value):
            exponent = math.floor(math.log10(abs(node.value)))
            bumped = node.value + math.copysign(10.0 ** (exponent - 3), node.value)
            yield _span(node, repr(float(f"{bumped:.4g}")))


def own_generator(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """A function given a generator ``rng`` makes its own instead: ``rng = np.random.default_rng(0)`` (every
    seed gives the same numbers) or ``np.random.default_rng()`` (no seed repeats), as its first statement."""
    if not any(isinstance(n, ast.Import) and any(a.name == "numpy" and a.asname == "np" for a in n.names)
               for n in tree.body):
        return
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        params = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
        first = next((st for st in node.body if st.lineno in lines), None)
        if first is None or not any(a.arg == "rng" for a in params):
            continue
        indent = " " * first.col_offset
        for made in ("np.random.default_rng(0)", "np.random.default_rng()"):
            yield (first.lineno, first.col_offset), (first.lineno, first.col_offset), f"rng = {made}\n{indent}"


def _returns(node: ast.FunctionDef, lines: set[int], tuples: bool = False) -> Iterator[ast.Return]:
    """The ``return <one value>`` statements students write in ``node`` (``return a, b`` ones if ``tuples``),
    not those of nested functions."""
    todo = list(node.body)
    while todo:
        st = todo.pop(0)
        if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(st, ast.Return) and st.value is not None and st.lineno in lines \
                and isinstance(st.value, ast.Tuple) == tuples and (not tuples or st.value.elts):
            yield st
        todo += list(ast.iter_child_nodes(st))


def _annotation(node: ast.FunctionDef) -> str:
    return ast.unparse(node.returns) if node.returns is not None else ""


def _is_array(annotation: ast.expr | None, lists: bool = False) -> bool:
    """Whether a parameter annotation is an array (``np.ndarray``, ``ArrayLike``, ``np.ndarray | None`` …),
    not a callable taking one; with ``lists``, a list or tuple of arrays counts too."""
    text = ast.unparse(annotation) if annotation is not None else ""
    if "Callable" in text or not ("ndarray" in text or "ArrayLike" in text):
        return False
    return lists or not re.match(r"(list|tuple|Sequence|Iterable)\[", text)


def _first_array(node: ast.FunctionDef) -> str | None:
    """The name of the function's first parameter annotated as an array."""
    params = node.args.posonlyargs + node.args.args
    return next((a.arg for a in params if _is_array(a.annotation)), None)


def _rebound(node: ast.FunctionDef, name: str) -> bool:
    """Whether the function assigns ``name`` (a parameter it then no longer holds as the caller's object)."""
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store) for n in ast.walk(node))


def result_into_input(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """An array result written over the caller's array instead of a new one: ``return y`` →
    ``return np.copyto(x, y, casting="unsafe") or x``, with ``x`` the first array parameter (where the
    function does not rebind ``x`` to a copy of its own)."""
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_") or "ndarray" not in _annotation(node):
            continue
        first = _first_array(node)
        if first is None or _rebound(node, first):  # a local copy: writing into it changes nothing
            continue
        for ret in _returns(node, lines):
            yield _span(ret.value, f'np.copyto({first}, {_src(source, ret.value)}, casting="unsafe") or {first}')


def extra_axis(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """An array result with an axis too many (a forgotten squeeze, a kept dimension): ``return y`` →
    ``return np.expand_dims(y, -1)`` (the first array, where a tuple of arrays is returned)."""
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        if _annotation(node) == "np.ndarray":
            for ret in _returns(node, lines):
                yield _span(ret.value, f"np.expand_dims({_src(source, ret.value)}, -1)")
        elif _annotation(node).startswith("tuple[np.ndarray"):  # the first array of a tuple
            for ret in _returns(node, lines, tuples=True):
                first = ret.value.elts[0]  # type: ignore[attr-defined]
                yield _span(first, f"np.expand_dims({_src(source, first)}, -1)")


# np.float64 is a Python float: a float's mistake is the 0-d array np.asarray(x) (or a sum's keepdims).
_NUMPY_SCALARS = {"float": "np.asarray", "int": "np.int64", "bool": "np.bool_"}


def _tuple_members(node: ast.FunctionDef) -> list[str] | None:
    """The element annotations of a ``tuple[...]`` return annotation (``["int", "..."]`` for ``tuple[int, ...]``)."""
    ann = node.returns
    if not (isinstance(ann, ast.Subscript) and ast.unparse(ann.value) == "tuple"):
        return None
    elts = ann.slice.elts if isinstance(ann.slice, ast.Tuple) else [ann.slice]
    return [ast.unparse(e) for e in elts]


def numpy_scalar(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """A numpy value where the signature promises a Python ``int``, ``bool`` or ``float``: ``return int(n)``
    → ``return np.int64(n)``, ``return ok`` → ``return np.bool_(ok)``, ``return float(s)`` → ``return np.asarray(s)``
    (a 0-d array); in a returned tuple, each element so typed (every element of a ``tuple[int, ...]``)."""
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        members = _tuple_members(node)
        if members == ["int", "..."]:  # a tuple of ints of any length: its ints made np.int64
            for ret in _returns(node, lines):
                yield _span(ret.value, f"tuple(np.int64(_v) for _v in {_src(source, ret.value)})")
            for ret in _returns(node, lines, tuples=True):
                yield _span(ret.value, f"tuple(np.int64(_v) for _v in ({_src(source, ret.value)}))")
            continue
        if members is not None:
            for ret in _returns(node, lines, tuples=True):
                for element, kind in zip(ret.value.elts, members):  # type: ignore[attr-defined]
                    if kind in _NUMPY_SCALARS:
                        yield _scalar_span(source, element, _NUMPY_SCALARS[kind])
            continue
        scalar = _NUMPY_SCALARS.get(_annotation(node))
        if scalar is None:
            continue
        for ret in _returns(node, lines):
            yield _scalar_span(source, ret.value, scalar)


def _scalar_span(source: list[str], v: ast.expr, scalar: str) -> Span:
    if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id in _NUMPY_SCALARS and v.args:
        return _span(v.func, scalar)
    return _span(v, f"{scalar}({_src(source, v)})")


def overflowing_branch(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """Where a docstring promises no RuntimeWarning: an intermediate that overflows, computed and thrown
    away as ``np.where`` does with the branch it does not pick: ``return y`` →
    ``return (np.exp(np.abs(np.asarray(x, dtype=float))), y)[1]``, with ``x`` the first array parameter."""
    module_doc = ast.get_docstring(tree) or ""
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_") \
                or "RuntimeWarning" not in module_doc + (ast.get_docstring(node) or ""):
            continue
        first = _first_array(node)
        if first is None:
            continue
        for ret in _returns(node, lines):
            yield _span(ret.value, f"(np.exp(np.abs(np.asarray({first}, dtype=float))), {_src(source, ret.value)})[1]")


# A promise about every input ("nothing you are given is modified"), and one about a single argument (its
# Args entry says "Not modified" / "must come back unchanged", or a sentence names it: "``x`` is never modified").
_ALL_UNMODIFIED = re.compile(
    r"(?i)nothing[^.]{0,30}\bmodified|no function modifies"
    r"|\b(the|its|all|your)\s+inputs?\s+(is|are)\s+(not|never)\s+modified")
_ARG_UNMODIFIED = re.compile(r"(?i)\b(not|never)\s+modified|back unchanged|left unchanged")
# The first array given (or the first array of a given list of arrays) gets += 1 once the result is computed.
_CHANGE_GIVEN = ("(__result__, (_g := _given if isinstance(_given, np.ndarray) else _given[0] "
                 "if isinstance(_given, (list, tuple)) and len(_given) and isinstance(_given[0], np.ndarray) "
                 "else None) is not None and _g.dtype.kind in 'fiu' and _g.flags.writeable and _g.__iadd__(1))[0]")


def _args_entry(doc: str, name: str) -> str:
    """The text of ``name``'s entry in a Google-style Args section ("" where it has none)."""
    found = re.search(rf"(?ms)^(\s+){re.escape(name)}( \([^)]*\))?:(.*?)(?=^\1\S[^\n]*:|^\S|\Z)", doc)
    return found.group(3) if found else ""


def _promised_unmodified(node: ast.FunctionDef, module_doc: str) -> str | None:
    """The first array parameter that the docstrings promise to leave unmodified, if any."""
    doc = ast.get_docstring(node) or ""
    everything = bool(_ALL_UNMODIFIED.search(module_doc) or _ALL_UNMODIFIED.search(doc))
    for a in node.args.posonlyargs + node.args.args:
        if not _is_array(a.annotation, lists=True):
            continue
        named = re.compile(rf"(``{re.escape(a.arg)}``|\b{re.escape(a.arg)}\b)[^.]{{0,30}}\b(not|never)\s+modified")
        if everything or _ARG_UNMODIFIED.search(_args_entry(doc, a.arg)) \
                or named.search(module_doc) or named.search(doc):
            return a.arg
    return None


class _ChangeGivenOnReturn(ast.NodeTransformer):
    def visit_FunctionDef(self, node: ast.AST) -> ast.AST:  # a nested function's returns are its own
        return node

    visit_AsyncFunctionDef = visit_Lambda = visit_ClassDef = visit_FunctionDef

    def visit_Return(self, node: ast.Return) -> ast.AST:
        if node.value is None:
            return node
        template = ast.parse(_CHANGE_GIVEN.replace("__result__", "_result := __value__"), mode="eval").body
        for n in ast.walk(template):
            if isinstance(n, ast.NamedExpr) and n.target.id == "_result":
                n.value = node.value
        return ast.Return(value=template)


_NEW_ARRAY = re.compile(r"(?i)\bnew\s+arrays?\b")
_IN_PLACE = {ast.Add: "np.add", ast.Sub: "np.subtract", ast.Mult: "np.multiply"}


def updated_in_place(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """Where a docstring promises a new array or unmodified inputs: an update written into the parameter
    (``p -= lr * g; return p``): ``return p - u`` → ``return np.subtract(p, u, out=p)``, ``p`` a parameter
    of the function (also as an element of a returned tuple)."""
    module_doc = ast.get_docstring(tree) or ""
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        doc = ast.get_docstring(node) or ""
        if _promised_unmodified(node, module_doc) is None and not _NEW_ARRAY.search(doc + module_doc):
            continue
        arrays = {a.arg for a in node.args.posonlyargs + node.args.args if _is_array(a.annotation)}
        values = [r.value for r in _returns(node, lines)]
        values += [e for r in _returns(node, lines, tuples=True) for e in r.value.elts]  # type: ignore[attr-defined]
        for v in values:
            if isinstance(v, ast.BinOp) and type(v.op) in _IN_PLACE and isinstance(v.left, ast.Name) \
                    and v.left.id in arrays:
                name = v.left.id
                yield _span(v, f"{_IN_PLACE[type(v.op)]}({name}, {_src(source, v.right)}, out={name})")


def input_modified(tree: ast.Module, source: list[str], lines: set[int]) -> Iterator[Span]:
    """Where a docstring promises that an input is not modified: that array (or the first array of that list)
    changed in place once the result is computed (``x += 1`` before each ``return``), the result untouched."""
    module_doc = ast.get_docstring(tree) or ""
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        given = _promised_unmodified(node, module_doc)
        block = [st for st in node.body if st.lineno in lines]
        if given is None or not block:
            continue
        indent = " " * block[0].col_offset
        body = [ast.unparse(_ChangeGivenOnReturn().visit(ast.parse(ast.unparse(st)).body[0])) for st in block]
        text = f"_given = {given}\n" + "\n".join(body)
        text = text.replace("\n", "\n" + indent)
        last = block[-1]
        yield (block[0].lineno, block[0].col_offset), (last.end_lineno, last.end_col_offset), text  # type: ignore


OPERATORS: dict[str, Callable[[ast.Module, list[str], set[int]], Iterator[Span]]] = {
    "changed_default": changed_defaults,
    "removed_raise": removed_raise,
    "changed_dtype": changed_dtype,
    "returned_dtype": returned_dtype,
    "removed_copy": removed_copy,
    "loop_bound_off_by_one": loop_bound_off_by_one,
    "swapped_axis": swapped_axis,
    "mean_sum": mean_sum,
    "perturbed_constant": perturbed_constant,
    "own_generator": own_generator,
    "result_into_input": result_into_input,
    "extra_axis": extra_axis,
    "numpy_scalar": numpy_scalar,
    "overflowing_branch": overflowing_branch,
    "input_modified": input_modified,
    "result_dtype": result_dtype,
    "updated_in_place": updated_in_place,
    "counter_from_zero": counter_from_zero,
}


def _apply(source_lines: list[str], span: Span) -> str:
    (l1, c1), (l2, c2), text = span
    # ast columns count UTF-8 bytes
    first = source_lines[l1 - 1].encode()
    last = source_lines[l2 - 1].encode()
    head = first[:c1].decode()
    tail = last[c2:].decode()
    return "\n".join(source_lines[:l1 - 1] + [head + text + tail] + source_lines[l2:]) + "\n"


def mutants(source: str, lines: set[int]) -> Iterator[tuple[str, str]]:
    """(operator name, mutated source) for every occurrence of every operator."""
    tree = ast.parse(source)
    source_lines = source.splitlines()
    for name, operator in OPERATORS.items():
        for span in operator(tree, source_lines, lines):
            code = _apply(source_lines, span)
            try:
                ast.parse(code)
            except SyntaxError:
                continue
            yield name, code
