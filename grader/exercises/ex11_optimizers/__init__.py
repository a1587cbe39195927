"""ex11_optimizers: everything the grader knows about this exercise."""
