"""``mx.np``: MXNet 1.9.1's NumPy interface on the mxjax engine.

Functions are registered operators (``mxjax/numpy/_ops.py``), so autograd, replay
and compilation are shared with ``mx.nd``; results are ``mx.np.ndarray``. Names
whose results depend on the values (``unique``, ``histogram`` ...) are computed
by NumPy on the host, as MXNet's NumPy fallback does (``_fallback.py``).
"""
import numpy as _onp

from .multiarray import *  # noqa: F401,F403
from .multiarray import FUNCTIONS as _FUNCTIONS, ndarray, nonzero, copy  # noqa: F401
from ._fallback import FALLBACK as _FALLBACK, make_fallback as _make_fallback
from . import random, linalg  # noqa: F401

globals().update(_FUNCTIONS)
for _name in _FALLBACK:
    globals()[_name] = _make_fallback(_name)

# constants and dtypes (NumPy's objects, as MXNet re-exports them)
e = _onp.e
pi = _onp.pi
inf = _onp.inf
nan = _onp.nan
NAN = NaN = _onp.nan
PINF = _onp.inf
NINF = -_onp.inf
PZERO = 0.0
NZERO = -0.0
newaxis = None
bool_ = _onp.bool_
bool = _onp.bool_  # noqa: A001  (MXNet's np.bool is NumPy's bool type)
int8 = _onp.int8
uint8 = _onp.uint8
int32 = _onp.int32
int64 = _onp.int64
float16 = _onp.float16
float32 = _onp.float32
float64 = _onp.float64
finfo = _onp.finfo
promote_types = _onp.promote_types
min_scalar_type = _onp.min_scalar_type
set_printoptions = _onp.set_printoptions


def result_type(*arrays_and_dtypes):
    """The dtype NumPy's promotion gives for the arguments (arrays read by dtype)."""
    return _onp.result_type(*[a.dtype if isinstance(a, ndarray) else a
                              for a in arrays_and_dtypes])


def shape(a):
    """The shape of ``a``."""
    return tuple(a.shape) if hasattr(a, "shape") else _onp.shape(a)


def size(a, axis=None):
    """The number of elements of ``a`` (along ``axis`` when given)."""
    s = shape(a)
    if axis is None:
        return int(_onp.prod(s, dtype=_onp.int64))
    return s[axis]


def ndim(a):
    """The number of dimensions of ``a``."""
    return len(shape(a))


def may_share_memory(a, b, max_work=None):
    """Whether ``a`` and ``b`` may share memory: true only for the same handle's value."""
    return a is b or (getattr(a, "_data", None) is not None and a._data is b._data)


shares_memory = may_share_memory


def broadcast_arrays(*args):
    """The arrays broadcast against each other (a list)."""
    target = _onp.broadcast_shapes(*[tuple(a.shape) for a in args])
    return [broadcast_to(a, target) for a in args]  # noqa: F405
