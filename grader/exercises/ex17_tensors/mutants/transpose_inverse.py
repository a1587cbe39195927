"""transpose sends dimension i of x to position axes[i]: the inverse permutation."""
EXPECT = "transpose_inverse"


def transpose_shape(shape, axes=None):
    shape = _shape(shape)
    if axes is None:
        return shape[::-1]
    if not isinstance(axes, (tuple, list)) or len(axes) != len(shape):
        raise ValueError("axes must be a permutation")
    order = [_axis(a, len(shape), "axes") for a in axes]
    if len(set(order)) != len(order):
        raise ValueError("repeated dimension in axes")
    out = [0] * len(shape)
    for i, a in enumerate(order):
        out[a] = shape[i]
    return tuple(out)
