"""Public checks for ex08_conv_shapes: the course's MNIST net, worked out by hand."""
import numpy as np
import pytest

from grader.author import assert_close, assert_equal, keys

K = keys(__file__)




def as_tuple(got):
    return tuple(got) if isinstance(got, list) else got


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.flatten"))
def test_mnist_net_by_hand(student):
    # 28 → conv k5: 28 − 5 + 1 = 24 → pool 2: 12 → conv k5: 8 → pool 2: 4; 20 channels · 4 · 4 = 320
    assert_equal(as_tuple(student.conv2d_output_shape(28, 28, 5)), (24, 24), "conv2d_output_shape(28, 28, 5)",
                 mistakes={K("no_plus_one"): (23, 23)})
    assert_equal(as_tuple(student.pool2d_output_shape(24, 24, 2)), (12, 12), "pool2d_output_shape(24, 24, 2)",
                 mistakes={K("pool_stride_default"): (23, 23)})
    layers = [("conv", {"out_channels": 10, "kernel_size": 5}), ("pool", {"kernel_size": 2}),
              ("conv", {"out_channels": 20, "kernel_size": 5}), ("pool", {"kernel_size": 2})]
    assert_equal(student.flatten_size((1, 28, 28), layers), 320, "flatten_size((1, 28, 28), MNIST net)",
                 mistakes={K("flatten_channels"): 16})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.cross_correlation"))
def test_conv_forward_by_hand(student):
    # A 2×2 kernel slid over a 3×3 image without flipping: out[0, 0] = 1·1 + 2·0 + 4·0 + 5·(−1) = −4, …
    x = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    w = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
    assert_close(student.conv2d_forward(x, w, np.array([0.5])), [[[[-3.5, -3.5], [-3.5, -3.5]]]],
                 "conv2d_forward(x = 1..9 as 3×3, w = [[1, 0], [0, -1]], bias = 0.5)",
                 mistakes={K("kernel_flipped"): [[[[4.5, 4.5], [4.5, 4.5]]]],
                           K("forward_no_bias"): [[[[-4.0, -4.0], [-4.0, -4.0]]]]})
