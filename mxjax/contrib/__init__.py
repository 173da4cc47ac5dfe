"""``mx.contrib``."""
from . import autograd  # noqa: F401
from . import text  # noqa: F401
