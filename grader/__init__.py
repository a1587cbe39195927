"""The grading engine: discover → run (isolated child) → score → report."""
__version__ = "0.1.0"
