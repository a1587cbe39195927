"""ex15_mlp_digits: everything the grader knows about this exercise."""
