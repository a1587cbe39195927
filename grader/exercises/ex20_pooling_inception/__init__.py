"""ex20_pooling_inception: everything the grader knows about this exercise."""
