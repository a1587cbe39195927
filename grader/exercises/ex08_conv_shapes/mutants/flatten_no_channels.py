"""flatten_size returns H·W of the last feature map, forgetting the channel count."""
EXPECT = "flatten_channels"


def flatten_size(input_shape, layers):
    c, h, w = (int(v) for v in input_shape)
    for kind, params in layers:
        if kind == "conv":
            h, w = conv2d_output_shape(h, w, params["kernel_size"], params.get("stride", 1),
                                       params.get("padding", 0), params.get("dilation", 1))
        elif kind == "pool":
            h, w = pool2d_output_shape(h, w, params["kernel_size"], params.get("stride"),
                                       params.get("padding", 0), params.get("ceil_mode", False))
        else:
            raise ValueError(f"unknown layer kind {kind!r}")
    return h * w
