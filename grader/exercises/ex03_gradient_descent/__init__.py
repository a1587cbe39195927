"""ex03_gradient_descent: everything the grader knows about this exercise."""
