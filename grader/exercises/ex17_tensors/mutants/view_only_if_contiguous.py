"""view is allowed only on contiguous tensors: the common belief, stricter than torch's rule."""
EXPECT = "view_needs_contiguous"


def can_view(shape, strides, new_shape):
    shape, strides = _shape(shape), _shape(strides, "strides")
    if len(shape) != len(strides):
        raise ValueError("shape and strides have different lengths")
    resolve_reshape(shape, new_shape)
    return is_contiguous(shape, strides)
