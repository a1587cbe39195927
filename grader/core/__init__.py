"""The grading core: find an exercise (``discover``), run its tests in this process against the
submission in a child (``engine``, ``plugin``), and turn failures into bilingual feedback
(``checks``, ``feedback``, ``i18n``) and plain result records (``results``)."""
