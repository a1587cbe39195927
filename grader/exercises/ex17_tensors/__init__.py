"""ex17_tensors: everything the grader knows about this exercise."""
