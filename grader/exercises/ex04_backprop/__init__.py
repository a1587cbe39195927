"""ex04_backprop: everything the grader knows about this exercise."""
