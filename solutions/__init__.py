"""Reference solutions. Imported only by the grader process, never by a submission."""
