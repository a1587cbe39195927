"""The 3×3 and 5×5 convolutions are counted on all in_channels even after a 1×1 reduction."""
EXPECT = "reduce_feeds_conv"


def inception_param_count(in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj, bias=True):
    c, c1, r3, c3, r5, c5, proj = _inception(in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj)
    total = _conv_params(c, c1, 1, bias) + _conv_params(c, c3, 3, bias) + _conv_params(c, c5, 5, bias)
    for reduce in (r3, r5):
        if reduce is not None:
            total += _conv_params(c, reduce, 1, bias)
    if proj is not None:
        total += _conv_params(c, proj, 1, bias)
    return total
