"""ex01_metrics: everything the grader knows about this exercise."""
