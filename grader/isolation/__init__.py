"""Isolation: the confined child process (``sandbox``: limits and layers), the grader's side of the
boundary (``runner``) and the child's side (``child/``, copied into the sandbox)."""
