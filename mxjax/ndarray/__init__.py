"""``mx.nd``: NDArray, creation functions and one function per registered operator.

The operator functions are generated from the registry: registering an operator
is all it takes to appear here (``_random_*`` in ``nd.random``, ``_linalg_*`` in
``nd.linalg``, ``_contrib_*`` in ``nd.contrib``, every name in ``nd._internal``).
"""
import sys
import types

from . import registry
from . import ops  # noqa: F401  (registers the operators)
from . import indexing  # noqa: F401  (registers _getitem/_setitem)
from .ndarray import (NDArray, array, zeros, ones, full, empty, arange, waitall)
from .frontend import make_function

_internal = types.ModuleType(__name__ + "._internal", "Every registered operator by name.")
sys.modules[_internal.__name__] = _internal

_PREFIXES = {"_random_": "random", "_linalg_": "linalg", "_contrib_": "contrib",
             "_sample_": None, "_sparse_": "sparse", "_image_": "image"}


def _populate():
    g = globals()
    subs = {}
    for name in registry.list_ops():
        op = registry.get_op(name)
        fn = make_function(op, name)
        setattr(_internal, name, fn)
        if not name.startswith("_"):
            g.setdefault(name, fn)
            continue
        for prefix, sub in _PREFIXES.items():
            if name.startswith(prefix) and sub is not None:
                subs.setdefault(sub, {})[name[len(prefix):]] = make_function(
                    op, name[len(prefix):])
    return subs


_SUBS = _populate()

from . import random, linalg, contrib  # noqa: E402,F401  (hand-written wrappers on top)
from . import sparse  # noqa: E402,F401  (CSRNDArray, RowSparseNDArray)
cast_storage = _internal.cast_storage = sparse.cast_storage  # sparse results, not an op

for _sub, _fns in _SUBS.items():
    _mod = globals().get(_sub)
    if _mod is None:
        _mod = types.ModuleType(__name__ + "." + _sub)
        sys.modules[_mod.__name__] = _mod
        globals()[_sub] = _mod
    for _k, _f in _fns.items():
        if not hasattr(_mod, _k):
            setattr(_mod, _k, _f)


def reset_arrays(*data, num_arrays=None, out=None, name=None):
    """Set every array in ``data`` to zero in place (MXNet's ``reset_arrays`` operator).

    Parameters
    ----------
    *data : NDArray
    num_arrays : int
        The number of arrays (must equal ``len(data)``).

    Returns
    -------
    list
        Empty: the operator has no outputs.
    """
    from ..base import MXNetError
    if num_arrays is None or int(num_arrays) != len(data):
        raise MXNetError("Operator reset_arrays: num_arrays=%r must be the number of arrays "
                         "given (%d)" % (num_arrays, len(data)))
    for a in data:
        if not isinstance(a, NDArray):
            raise MXNetError("Operator reset_arrays: expected NDArray inputs, got %s"
                             % type(a).__name__)
        a[:] = 0
    return []


def zeros_like(data, out=None, **kwargs):
    """Zeros with the shape, dtype and context of ``data``."""
    return _internal._zeros_like(data, out=out) if hasattr(_internal, "_zeros_like") \
        else zeros(data.shape, ctx=data.context, dtype=data.dtype)


def ones_like(data, out=None, **kwargs):
    """Ones with the shape, dtype and context of ``data``."""
    return _internal._ones_like(data, out=out) if hasattr(_internal, "_ones_like") \
        else ones(data.shape, ctx=data.context, dtype=data.dtype)




# Fluent methods: x.sum(axis=1) is nd.sum(x, axis=1). The names are MXNet's.
_FLUENT = ("abs arccos arccosh arcsin arcsinh arctan arctanh argmax argmax_channel argmin "
           "argsort broadcast_axes cbrt ceil clip cos cosh degrees depth_to_space exp expm1 fix "
           "flip floor log log10 log1p log2 log_softmax max mean min nanprod nansum norm one_hot "
           "ones_like pad pick prod radians rcbrt reciprocal relu repeat reshape_like rint round "
           "rsqrt shape_array sigmoid sign sin sinh size_array slice_axis slice_like softmax "
           "softmin sort space_to_depth split split_v2 sqrt square sum swapaxes take tan tanh "
           "tile topk transpose trunc zeros_like broadcast_to broadcast_like diag expand_dims "
           "flatten squeeze").split()


def _fluent(fname):
    fn = globals()[fname]
    if isinstance(fn, _FunctionType):  # the function itself, bound as a method: one call less
        return fn

    def method(self, *args, **kwargs):
        return globals()[fname](self, *args, **kwargs)
    method.__name__ = fname
    method.__doc__ = "Same as ``nd.%s(self, ...)``." % fname
    return method


_FunctionType = type(_fluent)


def _attach_fluent():
    for fname in _FLUENT:
        if fname in globals() and not hasattr(NDArray, fname):
            setattr(NDArray, fname, _fluent(fname))
    # MXNet's positional forms of a few fluent methods
    # (inplace=True: a view sharing the array's memory, a reshape, as MXNet's)
    if "expand_dims" in globals():
        NDArray.expand_dims = lambda self, axis, inplace=False: (
            self.reshape(expand_dims(self, axis=axis).shape) if inplace
            else expand_dims(self, axis=axis))
    NDArray.flatten = lambda self, inplace=False: (
        self.reshape((0, -1)) if inplace else Flatten(self))


_attach_fluent()
from .serialization import (save, load, load_frombuffer, from_numpy, from_dlpack, to_dlpack_for_read, to_dlpack_for_write)  # noqa: E402,F401
from .cached_op import CachedOp  # noqa: E402,F401


def __getattr__(name):
    """``nd.np`` / ``nd.npx`` (``F.np`` / ``F.npx`` in ``hybrid_forward`` under
    ``npx.set_np()``): the ``mx.np`` / ``mx.npx`` modules, imported on first use."""
    target = {"np": "numpy", "npx": "numpy_extension", "numpy": "numpy",
              "numpy_extension": "numpy_extension"}.get(name)
    if target is None:
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    import importlib
    return importlib.import_module("mxjax." + target)
