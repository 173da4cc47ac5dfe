"""``mx.nd.contrib``: generated from the ``_contrib_*`` operators."""
