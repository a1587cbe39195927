"""ex12_regression_losses: everything the grader knows about this exercise."""
