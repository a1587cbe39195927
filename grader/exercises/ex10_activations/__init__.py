"""ex10_activations: everything the grader knows about this exercise."""
