"""Grading a class: the submissions folder (``submissions``), the parallel batch (``batch``), its
durable store (``store``) and everything built from the store (``exports``: gradebook, feedback,
class report)."""
