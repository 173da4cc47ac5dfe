"""``mx.nd.linalg``: generated from the ``_linalg_*`` operators."""
