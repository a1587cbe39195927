"""One folder per exercise: its metadata, tests, messages, typical wrong answers and optional parts
(see ``grader.core.discover``)."""
