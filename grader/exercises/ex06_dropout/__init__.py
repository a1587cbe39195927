"""ex06_dropout: everything the grader knows about this exercise."""
