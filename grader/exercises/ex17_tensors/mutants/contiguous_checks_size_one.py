"""is_contiguous compares every stride with a fresh tensor's, also those of size-1 dimensions."""
EXPECT = "contiguous_size_one"


def is_contiguous(shape, strides):
    shape, strides = _shape(shape), _shape(strides, "strides")
    if len(shape) != len(strides):
        raise ValueError("shape and strides have different lengths")
    if _numel(shape) == 0:
        return True
    return strides == contiguous_strides(shape)
