"""Clips only from above (np.minimum), so large negative entries pass through."""

EXPECT = "one_sided_clip"


def clip_grad_value(grads, clip_value):
    grads = _grad_list(grads)
    clip_value = float(clip_value)
    if not clip_value >= 0:
        raise ValueError("clip_value must be >= 0")
    return [np.minimum(g, clip_value) for g in grads]
