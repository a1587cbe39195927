"""Conv fans without the receptive field: (in_ch, out_ch) instead of (in_ch·kh·kw, out_ch·kh·kw)."""
EXPECT = "conv_no_receptive_field"


def compute_fans(shape):
    dims = _check_shape(shape)
    if len(dims) == 2:
        return dims[0], dims[1]
    return dims[1], dims[0]
