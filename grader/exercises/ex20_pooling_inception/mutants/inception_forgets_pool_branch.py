"""The output channels of the three convolution branches only: the pooling branch is forgotten."""
EXPECT = "pool_branch"


def inception_output_channels(in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj):
    c, c1, _, c3, _, c5, proj = _inception(in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj)
    return c1 + c3 + c5
