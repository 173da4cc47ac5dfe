"""``mx.sym`` / ``mx.symbol``: symbolic graphs over the operators of ``mx.nd``.

Every registered operator has a function here, generated from the same registry
as ``mx.nd`` (``_random_*`` in ``sym.random``, ``_linalg_*`` in ``sym.linalg``,
``_contrib_*`` in ``sym.contrib``, every name in ``sym._internal``); it builds a
graph node instead of computing. See :class:`Symbol`.
"""
import sys
import types

from ..ndarray import registry as _registry
from .symbol import (Symbol, Variable, var, Group, load, load_json, from_recorded,  # noqa: F401
                     NotImplementedForSymbol)
from ._ops import make_function as _make_function, call as _call
from . import symbol  # noqa: F401
from . import methods as _methods  # noqa: F401  (installs Symbol's computing methods)

_internal = types.ModuleType(__name__ + "._internal", "Every registered operator by name.")
sys.modules[_internal.__name__] = _internal

_PREFIXES = {"_random_": "random", "_linalg_": "linalg", "_contrib_": "contrib",
             "_sparse_": "sparse", "_image_": "image"}


def _populate():
    g = globals()
    subs = {}
    for name in _registry.list_ops():
        op = _registry.get_op(name)
        fn = _make_function(op, name)
        setattr(_internal, name, fn)
        if not name.startswith("_"):
            g.setdefault(name, fn)
            continue
        for prefix, sub in _PREFIXES.items():
            if name.startswith(prefix):
                subs.setdefault(sub, {})[name[len(prefix):]] = _make_function(
                    op, name[len(prefix):])
    for sub, fns in subs.items():
        if sub == "random":
            continue  # mxjax/symbol/random.py: MXNet's Python-level sampling functions
        mod = types.ModuleType(__name__ + "." + sub)
        for k, f in fns.items():
            setattr(mod, k, f)
        sys.modules[mod.__name__] = mod
        g[sub] = mod


_populate()

# MXNet 1.9.1's mx.sym.sparse: the operators that accept sparse inputs. A symbolic graph
# computes with dense storage in mxjax (a variable's stype is kept as its attribute), so
# each is the operator of mx.sym; the values are MXNet's. Names without an operator here
# (MXNet's sparse-only _sparse_retain and _sparse_adagrad_update) are left out.
_SPARSE_NAMES = (
    "ElementWiseSum Embedding FullyConnected LinearRegressionOutput LogisticRegressionOutput "
    "MAERegressionOutput _contrib_round_ste _contrib_sign_ste abs adam_update add_n arccos "
    "arccosh arcsin arcsinh arctan arctanh broadcast_add broadcast_div broadcast_minus "
    "broadcast_mul broadcast_plus broadcast_sub cast_storage cbrt ceil clip concat cos cosh "
    "degrees dot elemwise_add elemwise_div elemwise_mul elemwise_sub exp expm1 fix floor "
    "ftrl_update gamma gammaln log log10 log1p log2 make_loss mean negative norm radians relu "
    "rint round rsqrt sgd_mom_update sgd_update sigmoid sign sin sinh slice sqrt square "
    "stop_gradient sum tan tanh trunc where zeros_like").split()


def _sparse_front_end():
    mod = globals().get("sparse")
    if mod is None:
        mod = types.ModuleType(__name__ + ".sparse", "mx.sym.sparse: MXNet's sparse "
                               "operators, computed with dense storage in symbolic graphs.")
        sys.modules[mod.__name__] = mod
        globals()["sparse"] = mod
    for name in _SPARSE_NAMES:
        fn = getattr(_internal, name, None)
        if fn is not None and not hasattr(mod, name):
            setattr(mod, name, fn)


_sparse_front_end()
from . import random  # noqa: E402,F401  (after _internal is filled)
from ._contrib_python import rand_zipfian as _rand_zipfian  # noqa: E402
contrib.rand_zipfian = _rand_zipfian  # noqa: F821  (contrib: made by _populate)
from . import control_flow as _control_flow  # noqa: E402
contrib.foreach = _control_flow.foreach  # noqa: F821
contrib.while_loop = _control_flow.while_loop  # noqa: F821
contrib.cond = _control_flow.cond  # noqa: F821


def zeros(shape, dtype=None, **kwargs):
    """A symbol of zeros of ``shape`` (a graph node with no inputs)."""
    return _internal._zeros(shape=shape, dtype="float32" if dtype is None else dtype, **kwargs)


def ones(shape, dtype=None, **kwargs):
    """A symbol of ones of ``shape``."""
    return _internal._ones(shape=shape, dtype="float32" if dtype is None else dtype, **kwargs)


def full(shape, val, dtype=None, **kwargs):
    """A symbol of ``shape`` filled with ``val``."""
    return _internal._full(shape=shape, value=val, dtype="float32" if dtype is None else dtype,
                           **kwargs)


def arange(start, stop=None, step=1.0, repeat=1, infer_range=False, name=None, dtype=None):
    """Evenly spaced values in ``[start, stop)`` as a symbol."""
    return _internal._arange(start=start, stop=stop, step=step, repeat=repeat,
                             infer_range=infer_range, name=name,
                             dtype="float32" if dtype is None else dtype)


def _binary(lhs, rhs, op, lscalar, rscalar, py):
    if isinstance(lhs, Symbol) and isinstance(rhs, Symbol):
        return _call(op, [lhs, rhs], {})
    if isinstance(lhs, Symbol):
        return _call(lscalar, [lhs], {"scalar": rhs})
    if isinstance(rhs, Symbol):
        return _call(rscalar, [rhs], {"scalar": lhs})
    return py(lhs, rhs)


def pow(base, exp):  # noqa: A001 - MXNet's name
    """``base ** exp`` for symbols and/or numbers."""
    return _binary(base, exp, "_Power", "_PowerScalar", "_RPowerScalar", lambda a, b: a ** b)


power = pow


def maximum(left, right):
    """Elementwise maximum of symbols and/or numbers."""
    return _binary(left, right, "_Maximum", "_MaximumScalar", "_MaximumScalar", max)


def minimum(left, right):
    """Elementwise minimum of symbols and/or numbers."""
    return _binary(left, right, "_Minimum", "_MinimumScalar", "_MinimumScalar", min)


def hypot(left, right):
    """``sqrt(left**2 + right**2)`` for symbols and/or numbers."""
    import math
    return _binary(left, right, "_Hypot", "_HypotScalar", "_HypotScalar", math.hypot)


# Fluent methods: sym.sum(axis=1) is sym.sum(sym, axis=1), as for NDArray.
_FLUENT = ("abs arccos arccosh arcsin arcsinh arctan arctanh argmax argmax_channel argmin "
           "argsort broadcast_axes cbrt ceil clip cos cosh degrees depth_to_space exp expm1 fix "
           "flip floor log log10 log1p log2 log_softmax max mean min nanprod nansum norm one_hot "
           "ones_like pad pick prod radians rcbrt reciprocal relu repeat reshape_like rint round "
           "rsqrt shape_array sigmoid sign sin sinh size_array slice slice_axis slice_like softmax "
           "softmin sort space_to_depth split split_v2 sqrt square sum swapaxes take tan tanh "
           "tile topk transpose trunc zeros_like broadcast_to broadcast_like diag expand_dims "
           "squeeze reshape astype").split()


def _fluent(fname, target):
    def method(self, *args, **kwargs):
        return target(self, *args, **kwargs)
    method.__name__ = fname
    method.__doc__ = "Same as ``sym.%s(self, ...)``." % fname
    return method


def _attach_fluent():
    g = globals()
    special = {"reshape": "Reshape", "astype": "Cast", "flatten": "Flatten"}
    for fname in _FLUENT + ["flatten"]:
        target = g.get(special.get(fname, fname))
        if target is not None and not hasattr(Symbol, fname):
            setattr(Symbol, fname, _fluent(fname, target))


_attach_fluent()
