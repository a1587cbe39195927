"""ex17 · Tensor shapes: reshape with -1, broadcasting, view and contiguity (텐서의 shape).

A tensor (텐서) is an n-dimensional array: its SHAPE is a tuple of sizes, one per dimension, and
it holds prod(shape) elements (the empty product is 1: a 0-d tensor, shape (), holds one number).
This exercise works on shapes and strides only, as numpy and PyTorch compute them; no data moves.

Shapes are tuples (or lists) of ints ≥ 0; a bool is not a size. Anything else raises ValueError.

* reshape (형태 변경) keeps the elements in row-major order and changes only the shape, so the
  new shape must hold exactly as many elements. One entry may be -1: "compute this size for me"
  (as in the course notes, ``tf.reshape(matrix, [3, -1])`` turns a 6×10 matrix into 3×20). The
  -1 becomes numel / (product of the other entries), which must divide exactly. When the other
  entries multiply to 0, the -1 could be anything: numpy and torch refuse it.
* broadcasting (브로드캐스팅) lines the shapes up at their LAST dimension (missing leading
  dimensions count as 1); along each dimension the sizes must be equal or one of them 1, and the
  result takes the other size — so 1 and 0 give 0. This is ``np.broadcast_shapes``.
* flatten (평탄화, as ``torch.flatten``) merges the dimensions start_dim … end_dim, both included,
  into one; transpose (전치, as ``np.transpose``) reorders the dimensions; stack adds a NEW
  dimension of size len(shapes) at ``axis``; concatenate joins along an EXISTING one.
* strides (보폭): element (i0, i1, …) of a tensor lies at offset Σ i_k · stride[k] in its storage.
  PyTorch counts strides in ELEMENTS (numpy's ``.strides`` counts bytes). A freshly made tensor is
  row-major (C order): the last dimension has stride 1 and each stride is the next one times the
  next size, a size 0 counting as 1 here (``torch.empty(2, 0, 3).stride() == (3, 3, 1)``).
* ``view`` never copies, so it must express the new shape with new strides over the SAME storage;
  ``reshape`` returns such a view when one exists and a copy otherwise. After a transpose the
  tensor is no longer contiguous, and ``x.t().view(-1)`` fails where ``x.t().reshape(-1)`` works.
"""
from __future__ import annotations

import numbers
from collections.abc import Sequence

Shape = Sequence[int]

# BEGIN SOLUTION


def _is_int(v) -> bool:
    return isinstance(v, numbers.Integral) and not isinstance(v, bool)


def _shape(shape, name: str = "shape", allow_minus_one: bool = False) -> tuple[int, ...]:
    if not isinstance(shape, (tuple, list)):
        raise ValueError(f"{name} must be a tuple of ints, got {type(shape).__name__}")
    low = -1 if allow_minus_one else 0
    for v in shape:
        if not _is_int(v) or int(v) < low:
            raise ValueError(f"{name} must hold ints >= {low}, got {shape!r}")
    return tuple(int(v) for v in shape)


def _numel(shape: tuple[int, ...]) -> int:
    n = 1
    for v in shape:
        n *= v
    return n


def _axis(axis, ndim: int, name: str = "axis") -> int:
    if not _is_int(axis) or not -ndim <= int(axis) < ndim:
        raise ValueError(f"{name}={axis!r} is out of range for {ndim} dimensions")
    return int(axis) % ndim
# END SOLUTION


def resolve_reshape(shape: Shape, new_shape: Shape) -> tuple[int, ...]:
    """The shape that ``x.reshape(new_shape)`` gives for a tensor x of shape ``shape``.

    At most one entry of new_shape is -1; it becomes numel(shape) divided by the product of the
    other entries. Without a -1 the new shape must hold exactly numel(shape) elements.

    Args:
        shape: the tensor's shape (ints ≥ 0).
        new_shape: the requested shape: ints ≥ 0, at most one -1.

    Returns:
        The resolved shape, a tuple of ints ≥ 0 (no -1 left), e.g. (3, 20) for (6, 10) → (3, -1).

    Raises:
        ValueError: if a shape is not a tuple/list of ints, new_shape has an entry below -1 or more
        than one -1, the element counts cannot match (numel(shape) not divisible by the product of
        the other entries, or different counts without -1), or the -1 is ambiguous (the other
        entries multiply to 0).
    """
    # BEGIN SOLUTION
    shape = _shape(shape)
    new = _shape(new_shape, "new_shape", allow_minus_one=True)
    total = _numel(shape)
    if new.count(-1) > 1:
        raise ValueError("only one dimension can be -1")
    if -1 not in new:
        if _numel(new) != total:
            raise ValueError(f"cannot reshape {total} elements into shape {new}")
        return new
    known = _numel(tuple(v for v in new if v != -1))
    if known == 0:
        raise ValueError(f"the -1 in {new} is ambiguous: the other sizes multiply to 0")
    if total % known:
        raise ValueError(f"cannot reshape {total} elements into shape {new}")
    return tuple(total // known if v == -1 else v for v in new)
    # END SOLUTION


def broadcast_shape(*shapes: Shape) -> tuple[int, ...]:
    """The shape of the result when tensors of these shapes are broadcast together.

    Shapes are aligned at their last dimension, missing leading dimensions count as 1; sizes
    along a dimension must be equal or 1, and a 1 stretches to the other size (also to 0).
    ``broadcast_shape()`` with no shapes is (). Same as ``np.broadcast_shapes``.

    Args:
        *shapes: any number of shapes (ints ≥ 0).

    Returns:
        The broadcast shape, e.g. (8, 7, 6, 5) for (8, 1, 6, 1) and (7, 1, 5).

    Raises:
        ValueError: if a shape is not a tuple/list of ints ≥ 0, or two sizes along a dimension
        differ and neither is 1.
    """
    # BEGIN SOLUTION
    shapes = [_shape(s) for s in shapes]
    ndim = max((len(s) for s in shapes), default=0)
    out = []
    for k in range(ndim):
        sizes = {s[len(s) - ndim + k] for s in shapes if len(s) - ndim + k >= 0} - {1}
        if len(sizes) > 1:
            raise ValueError(f"shapes {shapes} cannot be broadcast: sizes {sorted(sizes)} in one dimension")
        out.append(sizes.pop() if sizes else 1)
    return tuple(out)
    # END SOLUTION


def flatten_shape(shape: Shape, start_dim: int = 0, end_dim: int = -1) -> tuple[int, ...]:
    """The shape of ``torch.flatten(x, start_dim, end_dim)`` for x of shape ``shape``.

    The dimensions start_dim … end_dim (both INCLUDED; negative values count from the end) merge
    into one of their product; the others stay. A 0-d shape () flattens to (1,) and then accepts
    only start_dim, end_dim in {0, -1}, as torch.

    Args:
        shape: the tensor's shape (ints ≥ 0).
        start_dim: the first dimension to merge (default 0: from the first).
        end_dim: the last dimension to merge (default -1: up to the last).

    Returns:
        The flattened shape, e.g. (2, 12) for (2, 3, 4) with start_dim=1.

    Raises:
        ValueError: if shape is not a tuple/list of ints ≥ 0, a dim is not an int in
        [-ndim, ndim), or start_dim comes after end_dim.
    """
    # BEGIN SOLUTION
    shape = _shape(shape)
    if not shape:
        shape = (1,)
    start, end = _axis(start_dim, len(shape), "start_dim"), _axis(end_dim, len(shape), "end_dim")
    if start > end:
        raise ValueError(f"start_dim={start_dim} comes after end_dim={end_dim}")
    return shape[:start] + (_numel(shape[start:end + 1]),) + shape[end + 1:]
    # END SOLUTION


def transpose_shape(shape: Shape, axes: Sequence[int] | None = None) -> tuple[int, ...]:
    """The shape of ``np.transpose(x, axes)`` for x of shape ``shape``.

    Dimension i of the result is dimension axes[i] of x. ``axes=None`` reverses the dimensions
    (a matrix (m, n) becomes (n, m)). Entries of axes may be negative (counted from the end).

    Args:
        shape: the tensor's shape (ints ≥ 0).
        axes: a permutation of the dimensions 0 … ndim − 1, or None (default: reversed order).

    Returns:
        The permuted shape, e.g. (4, 2, 3) for (2, 3, 4) with axes=(2, 0, 1).

    Raises:
        ValueError: if shape is not a tuple/list of ints ≥ 0, or axes is not a permutation of the
        dimensions (wrong length, an entry out of range, a repeated dimension).
    """
    # BEGIN SOLUTION
    shape = _shape(shape)
    if axes is None:
        return shape[::-1]
    if not isinstance(axes, (tuple, list)) or len(axes) != len(shape):
        raise ValueError(f"axes must list each of the {len(shape)} dimensions once, got {axes!r}")
    order = [_axis(a, len(shape), "axes") for a in axes]
    if len(set(order)) != len(order):
        raise ValueError(f"repeated dimension in axes {axes!r}")
    return tuple(shape[a] for a in order)
    # END SOLUTION


def stack_shape(shapes: Sequence[Shape], axis: int = 0) -> tuple[int, ...]:
    """The shape of ``np.stack(arrays, axis)`` (or ``torch.stack``) for arrays of these shapes.

    All shapes must be equal; the result has ONE MORE dimension, of size len(shapes), at
    position ``axis`` of the result — so axis ranges over [-(ndim + 1), ndim], and axis=-1
    puts the new dimension last.

    Args:
        shapes: a non-empty sequence of equal shapes.
        axis: where the new dimension goes in the result (default 0: first).

    Returns:
        The stacked shape, e.g. (3, 2, 4) for three (3, 4) arrays with axis=1.

    Raises:
        ValueError: if shapes is empty, a shape is not a tuple/list of ints ≥ 0, the shapes
        differ, or axis is out of range.
    """
    # BEGIN SOLUTION
    if not isinstance(shapes, (tuple, list)) or not shapes:
        raise ValueError("need at least one shape to stack")
    shapes = [_shape(s) for s in shapes]
    if any(s != shapes[0] for s in shapes):
        raise ValueError(f"all shapes must be equal to stack, got {shapes}")
    a = _axis(axis, len(shapes[0]) + 1)
    return shapes[0][:a] + (len(shapes),) + shapes[0][a:]
    # END SOLUTION


def concat_shape(shapes: Sequence[Shape], axis: int = 0) -> tuple[int, ...]:
    """The shape of ``np.concatenate(arrays, axis)`` (or ``torch.cat``) for arrays of these shapes.

    The shapes must have the same number of dimensions (at least one) and agree in every
    dimension except ``axis``, along which the sizes add up.

    Args:
        shapes: a non-empty sequence of shapes with ndim ≥ 1.
        axis: the existing dimension to join along, in [-ndim, ndim) (default 0: the first).

    Returns:
        The joined shape, e.g. (2, 7) for (2, 3) and (2, 4) with axis=1.

    Raises:
        ValueError: if shapes is empty, a shape is not a tuple/list of ints ≥ 0 or is 0-d, the
        numbers of dimensions differ, a size other than along axis differs, or axis is out of range.
    """
    # BEGIN SOLUTION
    if not isinstance(shapes, (tuple, list)) or not shapes:
        raise ValueError("need at least one shape to concatenate")
    shapes = [_shape(s) for s in shapes]
    ndim = len(shapes[0])
    if ndim == 0:
        raise ValueError("0-d shapes cannot be concatenated")
    if any(len(s) != ndim for s in shapes):
        raise ValueError(f"all shapes need {ndim} dimensions, got {shapes}")
    a = _axis(axis, ndim)
    for s in shapes:
        if s[:a] + s[a + 1:] != shapes[0][:a] + shapes[0][a + 1:]:
            raise ValueError(f"shapes {shapes} differ outside axis {axis}")
    return shapes[0][:a] + (sum(s[a] for s in shapes),) + shapes[0][a + 1:]
    # END SOLUTION


def contiguous_strides(shape: Shape) -> tuple[int, ...]:
    """The strides, in elements, of a freshly made row-major tensor: ``torch.empty(shape).stride()``.

    The last dimension has stride 1; each stride is the next one times the next size, where a size
    0 counts as 1. A 0-d shape has strides ().

    Args:
        shape: the tensor's shape (ints ≥ 0).

    Returns:
        The strides, e.g. (20, 5, 1) for (3, 4, 5).

    Raises:
        ValueError: if shape is not a tuple/list of ints ≥ 0.
    """
    # BEGIN SOLUTION
    shape = _shape(shape)
    strides = []
    step = 1
    for size in reversed(shape):
        strides.append(step)
        step *= max(size, 1)
    return tuple(reversed(strides))
    # END SOLUTION


def is_contiguous(shape: Shape, strides: Sequence[int]) -> bool:
    """Whether a tensor with this shape and these strides (in elements) is contiguous, as torch's
    ``x.is_contiguous()`` decides.

    It is when its elements are laid out in row-major order without gaps: walking from the last
    dimension, every dimension of size > 1 has the stride 1, 1·(its right neighbour's size), … of a
    fresh tensor. The stride of a dimension of size 1 does not matter (no step is ever taken along
    it), and a tensor with no elements is contiguous.

    Args:
        shape: the tensor's shape (ints ≥ 0).
        strides: one int ≥ 0 per dimension.

    Returns:
        True or False (a Python bool).

    Raises:
        ValueError: if shape or strides is not a tuple/list of ints ≥ 0, or their lengths differ.
    """
    # BEGIN SOLUTION
    shape, strides = _shape(shape), _shape(strides, "strides")
    if len(shape) != len(strides):
        raise ValueError(f"shape {shape} and strides {strides} have different lengths")
    if _numel(shape) == 0:
        return True
    expected = 1
    for size, stride in zip(reversed(shape), reversed(strides)):
        if size != 1:
            if stride != expected:
                return False
            expected *= size
    return True
    # END SOLUTION


def can_view(shape: Shape, strides: Sequence[int], new_shape: Shape) -> bool:
    """Whether ``x.view(new_shape)`` works for x with this shape and strides (in elements), as torch
    decides; ``x.reshape(new_shape)`` always works (it copies when this is False).

    new_shape may hold one -1 (resolved as in ``resolve_reshape``). A view reinterprets the same
    storage, so it can only split or merge dimensions that are laid out one after another:

    * Leave out the dimensions of size 1 (of both shapes). Walking from the last dimension, dimension
      i is GLUED to the one after it (i + 1) when stride[i] == stride[i + 1] · size[i + 1]. Glued
      dimensions form runs; each run is a block of memory that may be regrouped freely.
    * The view works when the new shape can be cut into consecutive groups of dimensions whose
      products are the runs' element counts, in order: every run must be split (or kept) on its
      own, never merged with its neighbour.
    * A tensor with no elements can always be viewed (new_shape with 0 elements too).

    So a contiguous tensor can take any new shape; ``x.t()`` of a (3, 4) x (shape (4, 3), strides
    (1, 4)) cannot be viewed as (12,) but can as (2, 2, 3).

    Args:
        shape: the tensor's shape (ints ≥ 0).
        strides: one int ≥ 0 per dimension.
        new_shape: the requested shape (ints ≥ 0, at most one -1).

    Returns:
        True or False (a Python bool).

    Raises:
        ValueError: if shape or strides is not a tuple/list of ints ≥ 0, their lengths differ, or
        new_shape cannot be a reshape of shape (as in ``resolve_reshape``).
    """
    # BEGIN SOLUTION
    shape, strides = _shape(shape), _shape(strides, "strides")
    if len(shape) != len(strides):
        raise ValueError(f"shape {shape} and strides {strides} have different lengths")
    new = resolve_reshape(shape, new_shape)
    if _numel(shape) == 0:
        return True
    dims = [(n, s) for n, s in zip(shape, strides) if n != 1]
    runs = []  # element counts of the glued runs, from the last dimension
    for i in range(len(dims) - 1, -1, -1):
        n, s = dims[i]
        if i + 1 < len(dims) and s == dims[i + 1][1] * dims[i + 1][0]:
            runs[-1] *= n
        else:
            runs.append(n)
    new = [n for n in new if n != 1]
    j = len(new) - 1
    for run in runs:
        product = 1
        while product < run and j >= 0:
            product *= new[j]
            j -= 1
        if product != run:
            return False
    return True
    # END SOLUTION
