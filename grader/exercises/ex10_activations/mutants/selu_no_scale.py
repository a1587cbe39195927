"""SELU as "ELU with alpha = 1.6733" (as the course notes put it): the scale lambda is missing."""
EXPECT = "selu_no_scale"


def selu(x):
    return elu(x, SELU_ALPHA)


def selu_grad(x):
    return elu_grad(x, SELU_ALPHA)
