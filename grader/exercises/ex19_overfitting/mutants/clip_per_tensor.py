"""Clips each gradient by its own norm instead of by the total norm of all of them."""

EXPECT = "per_tensor_clip"


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    grads = _grad_list(grads)
    max_norm, norm_type = float(max_norm), float(norm_type)
    if not max_norm >= 0 or not norm_type > 0:
        raise ValueError("bad max_norm or norm_type")
    if not grads:
        return [], 0.0
    def p_norm(a):
        a = np.abs(np.ravel(a))
        return float(a.max()) if norm_type == np.inf else float(np.sum(a**norm_type) ** (1 / norm_type))

    norms = [p_norm(g) for g in grads]
    total = p_norm(np.array(norms))
    return [g * min(1.0, max_norm / (n + 1e-6)) for g, n in zip(grads, norms)], total
