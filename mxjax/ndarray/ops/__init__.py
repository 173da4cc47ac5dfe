"""Operator families; importing this package registers every operator."""
from . import elemwise, reduce, shape, nn, linalg, random  # noqa: F401
from . import conv  # noqa: F401
from . import cast, fill, indexing_ops, sort, sequence  # noqa: F401
from . import linalg_ops  # noqa: F401
from . import loss_ops  # noqa: F401
from . import pool  # noqa: F401
from . import norm  # noqa: F401
from . import optimizer_ops  # noqa: F401
from . import resample  # noqa: F401
from . import math_binary, math_scalar, math_multi, math_contrib  # noqa: F401
from . import math_functions  # noqa: F401
from . import rnn  # noqa: F401
from . import roi  # noqa: F401
from . import detection  # noqa: F401
from . import multibox  # noqa: F401
from . import image  # noqa: F401
