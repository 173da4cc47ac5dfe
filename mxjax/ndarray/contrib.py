"""``mx.nd.contrib``: generated from the ``_contrib_*`` operators."""
from .control_flow import foreach, while_loop, cond  # noqa: E402,F401
# the AdamW updates (Python functions over registered operators, as in MXNet)
from .ops import optimizer_contrib  # noqa: E402,F401
