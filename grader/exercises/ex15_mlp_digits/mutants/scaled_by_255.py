"""Scales the pixels by 1/255 as for MNIST, although the digits' pixel counts only go up to 16."""
import numpy as np

EXPECT = "input_scaling"


def preprocess(images):
    images = np.asarray(images)
    if images.ndim != 2 or images.shape[1] != NUM_PIXELS or images.min() < 0 or images.max() > 16:
        raise ValueError("bad images")
    return (images / 255.0).astype(np.float32)
