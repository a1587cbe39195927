"""ex02_perceptron: everything the grader knows about this exercise."""
