"""Only the weights are counted: the biases of the block's convolutions are missing."""
EXPECT = "param_bias"


def _conv_params(c_in, c_out, k, bias):
    return c_out * c_in * k * k
