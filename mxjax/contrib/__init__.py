"""``mx.contrib``."""
from . import autograd  # noqa: F401
