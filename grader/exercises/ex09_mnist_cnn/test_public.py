"""Public checks for ex09_mnist_cnn: the output shape for blank images, and a first training step.

The hidden tests add more batch sizes, the size budget, a short run that must lower the loss, the
training mode, determinism, invalid input, and the test accuracy after full training.
"""
import numpy as np
import pytest

from grader.author import RemoteObject, assert_equal, keys

K = keys(__file__)
INPUTS = "images_u8"  # uint8 images (N, 28, 28), given to the model as float32 (N, 1, 28, 28) in [0, 1]


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.shapes"))
def test_output_shape_for_three_blank_images(student):
    helpers = student.helper("training")
    model = helpers.build(0)
    assert_equal(isinstance(model, RemoteObject), True, "build_model() returns an nn.Module")
    out = np.asarray(helpers.forward(model, np.zeros((3, 28, 28), dtype=np.uint8), INPUTS))
    # (3, 1, 28, 28) -> conv k5 (3, 10, 24, 24) -> pool (3, 10, 12, 12) -> conv k5 (3, 20, 8, 8)
    # -> pool (3, 20, 4, 4) -> flatten (3, 320) -> linear (3, 10)
    assert_equal(out.shape, (3, 10), "model(x).shape for x of shape (3, 1, 28, 28)",
                 mistakes={K("flatten_size"): lambda g: g != (3, 10)})


@pytest.mark.points(1)
@pytest.mark.concept(K("concept.training"))
def test_train_returns_a_model(student):
    helpers = student.helper("training")
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (64, 28, 28), dtype=np.uint8)
    y = np.arange(64) % 10
    run = helpers.train(helpers.build(0), x, y, 1, INPUTS, 0, device="cpu")
    assert_equal(isinstance(run["model"], RemoteObject), True, "train(model, x, y, 'cpu', 1) returns an nn.Module")
    out = np.asarray(helpers.forward(run["model"], x[:2], INPUTS))
    assert_equal(out.shape, (2, 10), "trained model(x).shape for x of shape (2, 1, 28, 28)")
