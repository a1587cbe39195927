"""ex09_mnist_cnn: everything the grader knows about this exercise."""
