"""``mx.contrib``."""
from . import autograd  # noqa: F401
from . import text  # noqa: F401
from . import io  # noqa: F401
from . import ndarray  # noqa: F401
from . import symbol  # noqa: F401

nd = ndarray
sym = symbol
