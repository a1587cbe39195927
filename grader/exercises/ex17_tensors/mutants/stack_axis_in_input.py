"""stack's axis is normalised with the INPUT's ndim, so axis=-1 puts the new dimension second to last."""
EXPECT = "stack_axis_range"


def stack_shape(shapes, axis=0):
    if not isinstance(shapes, (tuple, list)) or not shapes:
        raise ValueError("need at least one shape to stack")
    shapes = [_shape(s) for s in shapes]
    if any(s != shapes[0] for s in shapes):
        raise ValueError("all shapes must be equal to stack")
    ndim = len(shapes[0])
    if not -ndim - 1 <= axis <= ndim:
        raise ValueError("axis out of range")
    a = axis % ndim if axis < 0 and ndim else axis % (ndim + 1)
    return shapes[0][:a] + (len(shapes),) + shapes[0][a:]
