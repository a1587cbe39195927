"""ex08_conv_shapes: everything the grader knows about this exercise."""
