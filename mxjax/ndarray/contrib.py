"""``mx.nd.contrib``: generated from the ``_contrib_*`` operators."""
from .control_flow import foreach, while_loop, cond  # noqa: E402,F401
