"""Public checks for ex15_mlp_digits: the input scaling by hand, and the model's output shape."""
import numpy as np
import pytest

from grader.author import RemoteObject, assert_close, keys

K = keys(__file__)



@pytest.mark.points(1)
@pytest.mark.concept(K("concept.data"))
def test_preprocess_by_hand(student):
    pixels = np.zeros((2, 64), dtype=np.int64)
    pixels[0, :4] = [0, 4, 8, 16]
    pixels[1, 10] = 12
    expected = np.zeros((2, 64))
    expected[0, :4] = [0.0, 0.25, 0.5, 1.0]
    expected[1, 10] = 0.75
    assert_close(student.preprocess(pixels), expected, "preprocess(pixels): pixel / 16",
                 mistakes={K("input_scaling"): lambda g: bool(np.allclose(g, pixels / 255.0)
                                                                            or np.allclose(g, pixels))})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.model"))
def test_model_output_shape(student):
    helpers = student.helper("training")
    model = helpers.build(0)
    assert_close(isinstance(model, RemoteObject), True, "build_model() returns an nn.Module")
    out = helpers.forward(model, np.full((3, 64), 0.5, dtype=np.float32), "float32")
    assert_close(np.asarray(out).shape, (3, 10), "model(x).shape for x of shape (3, 64)")
