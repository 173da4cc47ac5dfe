"""``NDArray.__getitem__`` / ``__setitem__``: key parsing and their operators."""
import numpy as np
import jax.numpy as jnp

from ..base import MXNetError, integer_types, numeric_types, shape_str
from .registry import register, invoke, get_op


class MXNetIndexError(MXNetError, IndexError):
    """An index out of range (both an MXNetError and an IndexError)."""


def _rebuild_key(key, arrays):
    out = []
    for item in key:
        t = item[0]
        if t == "i":
            out.append(item[1])
        elif t == "s":
            out.append(slice(item[1], item[2], item[3]))
        elif t == "n":
            out.append(None)
        elif t == "e":
            out.append(Ellipsis)
        else:
            out.append(arrays[item[1]].astype(jnp.int32)
                       if not jnp.issubdtype(arrays[item[1]].dtype, jnp.integer)
                       else arrays[item[1]])
    return tuple(out)


@register("_getitem")
def _getitem(data, *indices, key):
    """``data[key]``; a result with no axes left has shape (1,), as legacy MXNet."""
    out = data[_rebuild_key(key, indices)]
    if out.ndim == 0:
        out = out.reshape((1,))
    return out


@register("_setitem")
def _setitem(data, value, *indices, key, scalar=None):
    """``data`` with ``data[key] = value`` (or ``scalar``)."""
    k = _rebuild_key(key, indices)
    if value is None:
        v = jnp.asarray(scalar, dtype=data.dtype)
    else:
        v = value.astype(data.dtype)
        target = data[k].shape
        if v.shape != target:
            try:
                v = jnp.broadcast_to(v.reshape(v.shape[-len(target):]) if v.ndim > len(target)
                                     and v.size == int(np.prod(target)) else v, target)
            except ValueError:
                raise MXNetError("__setitem__: cannot assign a value of shape %s to a slice of "
                                 "shape %s" % (shape_str(value.shape), shape_str(target))) \
                    from None
    return data.at[k].set(v)


def parse_key(x, key):
    """Turn a Python index into (hashable key, list of index NDArrays)."""
    from .ndarray import NDArray, array
    if not isinstance(key, tuple):
        key = (key,)
    shape = x.shape
    n_real = sum(1 for k in key if k is not None and k is not Ellipsis)
    if n_real > len(shape):
        raise MXNetIndexError("too many indices (%d) for an array of shape %s"
                              % (n_real, shape_str(shape)))
    items, arrays = [], []
    dim = 0
    for k in key:
        if k is None:
            items.append(("n",))
        elif k is Ellipsis:
            items.append(("e",))
            dim += len(shape) - n_real
        elif isinstance(k, slice):
            items.append(("s", _int_or_none(k.start), _int_or_none(k.stop),
                          _int_or_none(k.step)))
            if k.step == 0:
                raise MXNetError("slice step cannot be zero")
            dim += 1
        elif isinstance(k, integer_types) or (isinstance(k, np.ndarray) and k.ndim == 0
                                               and np.issubdtype(k.dtype, np.integer)):
            k = int(k)
            size = shape[dim]
            if k < -size or k >= size:
                raise MXNetIndexError("index %d is out of bounds for axis %d with size %d"
                                      % (k, dim, size))
            items.append(("i", k % size))
            dim += 1
        else:
            if isinstance(k, NDArray):
                idx = k
            elif isinstance(k, (list, np.ndarray, range)):
                idx = array(np.asarray(k), ctx=x.context, dtype=np.int64)
            else:
                raise MXNetError("NDArray does not support indexing with %r of type %s"
                                 % (k, type(k).__name__))
            items.append(("a", len(arrays)))
            arrays.append(idx)
            dim += 1
    return tuple(items), arrays


def _int_or_none(v):
    return None if v is None else int(v)


def getitem(x, key):
    """``x[key]``."""
    k, arrays = parse_key(x, key)
    return invoke(get_op("_getitem"), [x] + arrays, {"key": k})


def setitem(x, key, value):
    """``x[key] = value``, replacing ``x``'s value (an error inside a recorded graph)."""
    from .ndarray import NDArray, array
    x._check_writable()
    k, arrays = parse_key(x, key)
    if isinstance(value, NDArray):
        res = invoke(get_op("_setitem"), [x, value] + arrays, {"key": k})
    elif isinstance(value, numeric_types):
        res = invoke(get_op("_setitem"), [x, None] + arrays, {"key": k, "scalar": float(value)
                                                               if not isinstance(value, bool)
                                                               else int(value)})
    else:
        try:
            v = array(np.asarray(value), ctx=x.context, dtype=x.dtype)
        except MXNetError:
            raise MXNetError("__setitem__: cannot assign a value of type %s"
                             % type(value).__name__) from None
        res = invoke(get_op("_setitem"), [x, v] + arrays, {"key": k})
    x._assign_from(res)
