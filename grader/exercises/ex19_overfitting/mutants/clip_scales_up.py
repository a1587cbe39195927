"""Always rescales to max_norm, so gradients below the limit are scaled up."""

EXPECT = "scaled_up"


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    grads = _grad_list(grads)
    max_norm, norm_type = float(max_norm), float(norm_type)
    if not max_norm >= 0 or not norm_type > 0:
        raise ValueError("bad max_norm or norm_type")
    if not grads:
        return [], 0.0
    flat = np.abs(np.concatenate([g.ravel() for g in grads]))
    total = float(flat.max()) if norm_type == np.inf else float(np.sum(flat**norm_type) ** (1.0 / norm_type))
    return [g * (max_norm / (total + 1e-6)) for g in grads], total
