"""Tools for the people who write exercises and hand them out: stubs generated from references
(``stubs``), the catalogue of typical wrong answers (``mutants``), notebooks (``notebooks``) and the
student edition (``release``)."""
