"""``mx.np`` functions computed by NumPy on the host, as MXNet's NumPy fallback does.

These are the functions whose result shape depends on the values (``unique``,
``histogram``, ``argwhere`` ...) or that MXNet 1.9.1 itself only offers through
its fallback to official NumPy. They are not recorded by autograd (MXNet's are
not differentiable either); array results come back as ``mx.np.ndarray`` on the
context of the first array argument.
"""
import functools

import numpy as onp

from ..base import MXNetError
from ..context import current_context
from ..ndarray.ndarray import NDArray

__all__ = ["FALLBACK", "make_fallback"]

# name -> NumPy function name (the same unless noted)
FALLBACK = [
    "unique", "argwhere", "flatnonzero", "extract", "compress", "bincount", "histogram",
    "histogram2d", "histogramdd", "histogram_bin_edges", "setdiff1d", "union1d",
    "intersect1d", "setxor1d", "trim_zeros", "delete", "insert",
    "digitize", "choose", "select", "piecewise", "resize", "roots", "poly", "polydiv",
    "polyfit", "apply_along_axis", "apply_over_axes", "diag_indices_from",
    "tril_indices_from", "triu_indices_from", "ix_", "packbits", "unpackbits",
    "genfromtxt", "allclose", "array_equal", "array_equiv", "partition", "argpartition",
]


def _to_host(x):
    if isinstance(x, NDArray):
        return x.asnumpy()
    if isinstance(x, list):
        return [_to_host(v) for v in x]
    if isinstance(x, tuple):
        return tuple(_to_host(v) for v in x)
    return x


def _ctx_in(args):
    for a in args:
        if isinstance(a, NDArray):
            return a._ctx
        if isinstance(a, (list, tuple)):
            c = _ctx_in(a)
            if c is not None:
                return c
    return None


def _from_host(x, ctx):
    from .multiarray import _wrap_host
    if isinstance(x, onp.ndarray):
        return _wrap_host(x, ctx)
    if isinstance(x, tuple):
        return tuple(_from_host(v, ctx) for v in x)
    if isinstance(x, list):
        return [_from_host(v, ctx) for v in x]
    return x


def _wrap_callable(f, ctx):
    """A user function given to apply_along_axis/piecewise sees mx.np arrays."""
    if not callable(f):
        return f

    @functools.wraps(f)
    def g(*args, **kwargs):
        res = f(*_from_host(args, ctx), **kwargs)
        return _to_host(res)
    return g


def make_fallback(name):
    """The ``mx.np`` function ``name`` computed by NumPy on the host."""
    host = getattr(onp, name)

    def fn(*args, **kwargs):
        ctx = _ctx_in(list(args) + list(kwargs.values())) or current_context()
        hargs = [_wrap_callable(a, ctx) if callable(a) and not isinstance(a, NDArray)
                 else _to_host(a) for a in args]
        if name == "piecewise" and len(hargs) > 2:
            hargs[2] = [_wrap_callable(f, ctx) for f in hargs[2]]
        hkw = {k: _to_host(v) for k, v in kwargs.items()}
        hkw.pop("ctx", None)
        try:
            res = host(*hargs, **hkw)
        except (TypeError, ValueError, IndexError) as err:
            raise MXNetError("np.%s: %s" % (name, err)) from None
        return _from_host(res, ctx)
    fn.__name__ = name
    fn.__doc__ = ("NumPy's ``%s`` computed on the host (as MXNet's NumPy fallback); "
                  "not recorded by autograd.\n\nParameters\n----------\n*args, **kwargs\n"
                  "    As NumPy's; ``mx.np.ndarray`` arguments are read as NumPy arrays.\n"
                  % name)
    return fn
