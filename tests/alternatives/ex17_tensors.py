"""A second, independent solution of ex17, written from the stub's docstrings alone.

Where the reference walks the dimensions with explicit loops, this one folds shapes pairwise
(broadcasting from the right with ``zip_longest``), builds strides with ``itertools.accumulate``,
checks contiguity against the strides of the shape with its size-1 dimensions removed, and decides
``can_view`` by cumulative products: every boundary between runs of glued dimensions (counted in
elements from the right) must also be a boundary between dimensions of the new shape.
"""
from __future__ import annotations

import itertools
import operator
from functools import reduce


def _ints(values, name, low=0):
    if not isinstance(values, (tuple, list)):
        raise ValueError(f"{name}: a tuple of ints expected, got {values!r}")
    out = []
    for v in values:
        if type(v) is bool or not hasattr(v, "__index__"):
            raise ValueError(f"{name}: {v!r} is not an int")
        if v.__index__() < low:
            raise ValueError(f"{name}: {v!r} is below {low}")
        out.append(v.__index__())
    return tuple(out)


def _prod(values):
    return reduce(operator.mul, values, 1)


def _dim(d, n, name):
    if type(d) is bool or not hasattr(d, "__index__") or not (-n <= d.__index__() < n):
        raise ValueError(f"{name}={d!r} out of range for {n} dimensions")
    return d.__index__() + n if d.__index__() < 0 else d.__index__()


def resolve_reshape(shape, new_shape):
    shape, new = _ints(shape, "shape"), _ints(new_shape, "new_shape", low=-1)
    holes = [i for i, v in enumerate(new) if v == -1]
    if len(holes) > 1:
        raise ValueError("at most one -1")
    total = _prod(shape)
    rest = _prod(v for v in new if v != -1)
    if not holes:
        if rest != total:
            raise ValueError("element counts differ")
        return new
    if rest == 0:
        raise ValueError("the -1 is ambiguous")
    size, left = divmod(total, rest)
    if left:
        raise ValueError("not divisible")
    return new[:holes[0]] + (size,) + new[holes[0] + 1:]


def broadcast_shape(*shapes):
    result = ()
    for s in (_ints(s, "shape") for s in shapes):
        pairs = itertools.zip_longest(reversed(result), reversed(s), fillvalue=1)
        merged = []
        for a, b in pairs:
            if a != b and 1 not in (a, b):
                raise ValueError(f"sizes {a} and {b} do not broadcast")
            merged.append(b if a == 1 else a)
        result = tuple(reversed(merged))
    return result


def flatten_shape(shape, start_dim=0, end_dim=-1):
    dims = list(_ints(shape, "shape")) or [1]
    lo, hi = _dim(start_dim, len(dims), "start_dim"), _dim(end_dim, len(dims), "end_dim")
    if lo > hi:
        raise ValueError("start_dim after end_dim")
    dims[lo:hi + 1] = [_prod(dims[lo:hi + 1])]
    return tuple(dims)


def transpose_shape(shape, axes=None):
    dims = _ints(shape, "shape")
    n = len(dims)
    if axes is None:
        axes = range(n - 1, -1, -1)
    elif not isinstance(axes, (tuple, list)):
        raise ValueError("axes must be a sequence")
    order = [_dim(a, n, "axes") for a in axes]
    if sorted(order) != list(range(n)):
        raise ValueError(f"{axes!r} is not a permutation of {n} dimensions")
    return tuple(map(dims.__getitem__, order))


def stack_shape(shapes, axis=0):
    if not isinstance(shapes, (tuple, list)) or len(shapes) == 0:
        raise ValueError("nothing to stack")
    all_shapes = {_ints(s, "shape") for s in shapes}
    if len(all_shapes) != 1:
        raise ValueError("shapes differ")
    (one,) = all_shapes
    out = list(one)
    out.insert(_dim(axis, len(one) + 1, "axis"), len(shapes))
    return tuple(out)


def concat_shape(shapes, axis=0):
    if not isinstance(shapes, (tuple, list)) or len(shapes) == 0:
        raise ValueError("nothing to concatenate")
    parsed = [_ints(s, "shape") for s in shapes]
    ndims = {len(s) for s in parsed}
    if len(ndims) != 1 or 0 in ndims:
        raise ValueError("shapes need one common number of dimensions, at least 1")
    a = _dim(axis, ndims.pop(), "axis")
    others = {tuple(v for i, v in enumerate(s) if i != a) for s in parsed}
    if len(others) != 1:
        raise ValueError("sizes differ outside the axis")
    first = list(parsed[0])
    first[a] = sum(s[a] for s in parsed)
    return tuple(first)


def contiguous_strides(shape):
    dims = _ints(shape, "shape")
    sizes = [max(v, 1) for v in reversed(dims)]
    return tuple(reversed(list(itertools.accumulate([1] + sizes[:-1], operator.mul))))[:len(dims)] if dims else ()


def _check_strided(shape, strides):
    shape, strides = _ints(shape, "shape"), _ints(strides, "strides")
    if len(shape) != len(strides):
        raise ValueError("one stride per dimension")
    return shape, strides


def is_contiguous(shape, strides):
    shape, strides = _check_strided(shape, strides)
    if 0 in shape:
        return True
    kept = [(n, s) for n, s in zip(shape, strides) if n != 1]
    return [s for _, s in kept] == list(contiguous_strides(tuple(n for n, _ in kept)))


def can_view(shape, strides, new_shape):
    shape, strides = _check_strided(shape, strides)
    new = resolve_reshape(shape, new_shape)
    if 0 in shape:
        return True
    kept = [(n, s) for n, s in zip(shape, strides) if n != 1]
    # element counts from the right at which a run of glued dimensions ends
    boundaries, count = set(), 1
    for i in range(len(kept) - 1, -1, -1):
        count *= kept[i][0]
        glued_left = i > 0 and kept[i - 1][1] == kept[i][1] * kept[i][0]
        if not glued_left:
            boundaries.add(count)
    cuts = set(itertools.accumulate(reversed(new), operator.mul, initial=1))
    return boundaries <= cuts
