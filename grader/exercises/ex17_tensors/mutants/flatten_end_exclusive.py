"""flatten treats end_dim as a Python slice end: the dimension end_dim itself is not merged."""
EXPECT = "flatten_end_inclusive"


def flatten_shape(shape, start_dim=0, end_dim=-1):
    shape = _shape(shape)
    if not shape:
        shape = (1,)
    start, end = _axis(start_dim, len(shape), "start_dim"), _axis(end_dim, len(shape), "end_dim")
    if start > end:
        raise ValueError("start_dim comes after end_dim")
    return shape[:start] + (_numel(shape[start:end]),) + shape[end:]
