"""Reads a dense weight with torch's nn.Linear convention (out, in), so fan_in and fan_out are swapped."""
EXPECT = "dense_transposed"


def compute_fans(shape):
    dims = _check_shape(shape)
    if len(dims) == 2:
        return dims[1], dims[0]
    rf = 1
    for d in dims[2:]:
        rf *= d
    return dims[1] * rf, dims[0] * rf
