"""ex07_init: everything the grader knows about this exercise."""
