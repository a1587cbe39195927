"""tanh derivative as 1 - x**2: the formula 1 - tanh(x)**2 applied to the input instead of the output."""
EXPECT = "grad_of_input"


def tanh_grad(x):
    x = _as_float(x)
    return 1.0 - x**2
