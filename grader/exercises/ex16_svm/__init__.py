"""ex16_svm: everything the grader knows about this exercise."""
