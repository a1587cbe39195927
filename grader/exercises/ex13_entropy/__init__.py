"""ex13_entropy: everything the grader knows about this exercise."""
