"""Child-side code: copied into the sandbox, never imports the grader."""
