"""Key-value stores (``mx.kv`` / ``mx.kvstore``): summing gradients over contexts and
workers, optionally running the optimizer in the store."""
from .kvstore import *  # noqa: F401,F403
from .base import *  # noqa: F401,F403
from .kvstore_server import *  # noqa: F401,F403
from . import base, kvstore, kvstore_server  # noqa: F401
