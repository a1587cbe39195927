"""The margin as the distance from the hyperplane to one side, 1/‖w‖, instead of the band's width 2/‖w‖."""

EXPECT = "margin_half"


def margin_width(w):
    w = np.asarray(w, dtype=np.float64)
    if w.ndim != 1:
        raise ValueError("w must be 1-D")
    norm = float(np.linalg.norm(w))
    if norm == 0.0:
        raise ValueError("w is all zero")
    return 1.0 / norm
