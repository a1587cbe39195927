"""ex19_overfitting: everything the grader knows about this exercise."""
