"""``mx.contrib.amp``: automatic mixed precision (not implemented in mxjax; see ``amp``)."""
from . import amp  # noqa: F401
from .amp import *  # noqa: F401,F403
