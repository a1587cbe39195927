"""ReLU derivative 1 for x >= 0 (the course notes' R'(x)), where PyTorch gives 0 at x = 0."""
import numpy as np

EXPECT = "relu_grad_zero"


def relu_grad(x):
    return (_as_float(x) >= 0).astype(np.float64)
