"""Public checks for ex20_pooling_inception: a 4×4 map and GoogLeNet's inception (3a), worked out by hand."""
import numpy as np
import pytest

from grader.author import assert_close, assert_equal, keys

K = keys(__file__)

X = np.array([[[[1.0, 3, 2, 0],
                [3, 0, 1, 2],
                [0, 4, 4, 1],
                [2, 1, 0, 4]]]])


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.backward"))
def test_max_pool_by_hand(student):
    # 2×2 windows, stride 2 (the default): every window has a tie, e.g. the top-left [[1, 3], [3, 0]].
    # torch keeps the FIRST maximum in row-major order, and only it receives the window's gradient.
    assert_close(student.max_pool2d(X, 2), [[[[3.0, 2.0], [4.0, 4.0]]]], "max_pool2d(X, 2)")
    g = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    assert_close(student.max_pool2d_backward(g, X, 2),
                 [[[[0.0, 1, 2, 0], [0, 0, 0, 0], [0, 3, 4, 0], [0, 0, 0, 0]]]],
                 "max_pool2d_backward([[1, 2], [3, 4]], X, 2)",
                 mistakes={K("ties_every"): [[[[0.0, 1, 2, 0], [1, 0, 0, 2], [0, 3, 4, 0], [0, 0, 0, 4]]]],
                           K("ties_last"): [[[[0.0, 0, 0, 0], [1, 0, 0, 2], [0, 3, 0, 0], [0, 0, 0, 4]]]]})
    # stride 1: the windows overlap and the 4 at (2, 1) wins four of them, so it collects 1 + 1 + 1 + 1.
    assert_close(student.max_pool2d_backward(np.ones((1, 1, 3, 3)), X, 2, 1),
                 [[[[0.0, 2, 1, 0], [0, 0, 0, 0], [0, 4, 2, 0], [0, 0, 0, 0]]]],
                 "max_pool2d_backward(ones (1, 1, 3, 3), X, 2, stride=1)",
                 mistakes={K("overlap_accumulate"): [[[[0.0, 1, 1, 0], [0, 0, 0, 0], [0, 1, 1, 0], [0, 0, 0, 0]]]]})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.inception"))
def test_inception_3a_by_hand(student):
    # inception (3a): 192 channels in; 64 + 128 + 32 + 32 = 256 out.
    spec = (192, 64, 96, 128, 16, 32, 32)
    assert_equal(student.inception_output_channels(*spec), 256,
                 "inception_output_channels(192, 64, 96, 128, 16, 32, 32)",
                 mistakes={K("pool_branch"): 224, K("reduce_counted"): 368})
    # Why the 1×1 reductions: the 5×5 branch alone would need 192·32·25 + 32 = 153,632 parameters
    # without its reduction to 16 channels, and needs (192·16 + 16) + (16·32·25 + 32) = 15,920 with it.
    assert_equal(student.inception_param_count(*spec), 163_696,
                 "inception_param_count(192, 64, 96, 128, 16, 32, 32)",
                 mistakes={K("param_bias"): 163_328, K("reduce_params"): 142_080, K("reduce_feeds_conv"): 415_088})
    naive = (192, 64, None, 128, None, 32, None)
    assert_equal(student.inception_output_channels(*naive), 416,
                 "inception_output_channels(192, 64, None, 128, None, 32, None) (naive block)",
                 mistakes={K("pool_passthrough"): 224})
