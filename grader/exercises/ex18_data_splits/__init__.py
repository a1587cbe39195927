"""ex18_data_splits: everything the grader knows about this exercise."""
