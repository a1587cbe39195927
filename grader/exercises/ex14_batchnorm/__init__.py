"""ex14_batchnorm: everything the grader knows about this exercise."""
