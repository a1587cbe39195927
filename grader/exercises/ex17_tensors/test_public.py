"""Public checks for ex17_tensors: the course notes' reshape with -1, and shapes worked out by hand."""
import pytest

from grader.author import assert_equal, keys

K = keys(__file__)


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.reshape"))
def test_reshape_by_hand(student):
    # The course notes: tf.ones([3, 4, 5]) → [6, 10] → [3, -1] gives 3×20 → [4, 3, -1] gives 4×3×5.
    assert_equal(student.resolve_reshape((3, 4, 5), (6, 10)), (6, 10), "resolve_reshape((3, 4, 5), (6, 10))")
    assert_equal(student.resolve_reshape((6, 10), (3, -1)), (3, 20), "resolve_reshape((6, 10), (3, -1))")
    assert_equal(student.resolve_reshape((3, 20), (4, 3, -1)), (4, 3, 5), "resolve_reshape((3, 20), (4, 3, -1))",
                 mistakes={K("reshape_minus_one_counted"): (4, 3, -5)})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.broadcast"))
def test_broadcast_by_hand(student):
    # Aligned at the last dimension:   8 1 6 1
    #                                    7 1 5   →   8 7 6 5
    assert_equal(student.broadcast_shape((8, 1, 6, 1), (7, 1, 5)), (8, 7, 6, 5),
                 "broadcast_shape((8, 1, 6, 1), (7, 1, 5))")
    # The notes' x + y with x of shape (3,) and y of shape (1,): [0 1 2] + [5] = [5 6 7].
    assert_equal(student.broadcast_shape((3,), (1,)), (3,), "broadcast_shape((3,), (1,))")


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.layout"))
def test_flatten_transpose_stack_by_hand(student):
    # An MNIST batch (60000, 28, 28) flattened per image, as Flatten() before a Dense layer.
    assert_equal(student.flatten_shape((60000, 28, 28), 1), (60000, 784), "flatten_shape((60000, 28, 28), 1)")
    assert_equal(student.transpose_shape((2, 3, 4), (2, 0, 1)), (4, 2, 3), "transpose_shape((2, 3, 4), (2, 0, 1))",
                 mistakes={K("transpose_inverse"): (3, 4, 2)})
    assert_equal(student.stack_shape([(3, 4)] * 3, 1), (3, 3, 4), "stack_shape([(3, 4)] * 3, axis=1)")
    assert_equal(student.concat_shape([(2, 3), (2, 4)], 1), (2, 7), "concat_shape([(2, 3), (2, 4)], axis=1)")


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.view"))
def test_view_of_a_transpose_by_hand(student):
    # x = torch.arange(12).view(3, 4) has strides (4, 1); x.t() has shape (4, 3) and strides (1, 4).
    assert_equal(student.contiguous_strides((3, 4)), (4, 1), "contiguous_strides((3, 4))")
    assert_equal(student.is_contiguous((4, 3), (1, 4)), False, "is_contiguous((4, 3), (1, 4))")
    assert_equal(student.can_view((4, 3), (1, 4), (12,)), False, "can_view((4, 3), (1, 4), (12,))")
    assert_equal(student.can_view((4, 3), (1, 4), (2, 2, 3)), True, "can_view((4, 3), (1, 4), (2, 2, 3))")
