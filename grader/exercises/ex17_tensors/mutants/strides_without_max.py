"""Fresh strides multiply the plain sizes, so a size 0 zeroes every stride to its left."""
EXPECT = "strides_zero_size"


def contiguous_strides(shape):
    shape = _shape(shape)
    strides, step = [], 1
    for size in reversed(shape):
        strides.append(step)
        step *= size
    return tuple(reversed(strides))
