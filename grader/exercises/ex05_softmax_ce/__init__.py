"""ex05_softmax_ce: everything the grader knows about this exercise."""
