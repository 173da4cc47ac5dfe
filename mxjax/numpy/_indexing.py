"""NumPy indexing for ``mx.np.ndarray``: basic, advanced and boolean-mask keys.

JAX's indexing already has NumPy's rules, so the Python side only turns the key
into a static template plus array inputs, and two registered operators do the work:

* ``_npi_getitem(data, pos, *indices, key)`` and
* ``_npi_setitem(data, value, pos, *indices, key)``.

Integers travel in one int64 input ``pos`` (``x[i]`` in a loop compiles once);
boolean masks become integer positions on the host (their result's shape depends
on the values), as they do in MXNet.
"""
import numpy as onp
import jax.numpy as jnp

from ..base import MXNetError, shape_str
from ..ndarray.registry import register, invoke, get_op
from ..ndarray.ndarray import NDArray
from ..ndarray import views

__all__ = ["getitem", "setitem"]


class MXNetIndexError(MXNetError, IndexError):
    """An index out of range (an MXNetError and an IndexError, as NumPy raises)."""


def _build_key(template, pos, arrays):
    out = []
    for item in template:
        t = item[0]
        if t == "i":
            out.append(pos[item[1]])
        elif t == "s":
            out.append(slice(item[1], item[2], item[3]))
        elif t == "a":
            out.append(arrays[item[1]])
        elif t == "n":
            out.append(None)
        else:
            out.append(Ellipsis)
    return tuple(out)


@register("_npi_getitem")
def _getitem(data, pos, *indices, key):
    """``data[key]`` for a key template made by ``mx.np.ndarray.__getitem__``."""
    return data[_build_key(key, pos, indices)]


@register("_npi_setitem")
def _setitem(data, value, pos, *indices, key):
    """``data`` with ``data[key] = value`` (value cast to data's dtype, broadcast)."""
    return data.at[_build_key(key, pos, indices)].set(value.astype(data.dtype))


def _axis_len(shape, axis):
    return shape[axis] if axis < len(shape) else None


def _parse(x, key):
    """(template, int positions, index arrays) for ``key`` on array ``x``."""
    if not isinstance(key, tuple):
        key = (key,)
    shape = x.shape
    # how many data axes the key consumes (to place the ellipsis)
    used = 0
    for k in key:
        if k is None or k is Ellipsis:
            continue
        if isinstance(k, NDArray) and k.dtype == onp.bool_:
            used += k.ndim
        elif isinstance(k, onp.ndarray) and k.dtype == onp.bool_:
            used += k.ndim
        else:
            used += 1
    if used > len(shape):
        raise MXNetIndexError("too many indices for array: array is %d-dimensional, but %d "
                              "were indexed" % (len(shape), used))
    template, pos, arrays = [], [], []
    axis = 0
    for k in key:
        if k is None:
            template.append(("n",))
        elif k is Ellipsis:
            template.append(("e",))
            axis += len(shape) - used
        elif isinstance(k, slice):
            for v in (k.start, k.stop, k.step):
                if v is not None and not isinstance(v, (int, onp.integer)):
                    raise MXNetIndexError("slice indices must be integers or None, got %r"
                                          % (v,))
            template.append(("s", _int_or_none(k.start), _int_or_none(k.stop),
                             _int_or_none(k.step)))
            axis += 1
        elif isinstance(k, (bool, onp.bool_)):
            arrays.append(jnp.asarray(bool(k)))
            template.append(("a", len(arrays) - 1))
        elif isinstance(k, (int, onp.integer)):
            n = shape[axis]
            k = int(k)
            if k < -n or k >= n:
                raise MXNetIndexError("index %d is out of bounds for axis %d with size %d"
                                      % (k, axis, n))
            template.append(("i", len(pos)))
            pos.append(k)
            axis += 1
        else:
            if isinstance(k, NDArray):
                a = k
            else:
                try:
                    host = onp.asarray(k)
                except Exception:  # noqa: BLE001
                    raise MXNetIndexError("only integers, slices (`:`), ellipsis (`...`), "
                                          "None and integer or boolean arrays are valid "
                                          "indices, got %r" % (k,)) from None
                if host.dtype == object or not (host.dtype == onp.bool_
                                                or onp.issubdtype(host.dtype, onp.integer)
                                                or host.size == 0):
                    raise MXNetIndexError("arrays used as indices must be of integer (or "
                                          "boolean) type, got %s" % host.dtype)
                a = host if host.dtype == onp.bool_ else host.astype(onp.int64)
            if a.dtype == onp.bool_:
                mask = onp.asarray(a.asnumpy() if isinstance(a, NDArray) else a)
                for j, n in enumerate(mask.shape):
                    if _axis_len(shape, axis + j) != n:
                        raise MXNetIndexError(
                            "boolean index did not match indexed array along dimension %d; "
                            "dimension is %s but corresponding boolean dimension is %d"
                            % (axis + j, _axis_len(shape, axis + j), n))
                for idx in onp.nonzero(mask):
                    arrays.append(jnp.asarray(idx.astype(onp.int64)))
                    template.append(("a", len(arrays) - 1))
                axis += mask.ndim
            else:
                if isinstance(a, NDArray):
                    if not onp.issubdtype(a.dtype, onp.integer):
                        a = a.astype(onp.int64)  # MXNet truncates float index arrays
                    arrays.append(a)
                else:
                    n = shape[axis]
                    if a.size and (a.max() >= n or a.min() < -n):
                        raise MXNetIndexError("index %d is out of bounds for axis %d with "
                                              "size %d" % (int(a.max() if a.max() >= n
                                                               else a.min()), axis, n))
                    arrays.append(jnp.asarray(a))
                template.append(("a", len(arrays) - 1))
                axis += 1
    return tuple(template), pos, arrays


def _int_or_none(v):
    return None if v is None else int(v)


def _inputs(x, pos, arrays):
    from .multiarray import _wrap_host
    ctx = x._ctx
    ins = [_wrap_host(onp.asarray(pos, dtype=onp.int64), ctx)]
    for a in arrays:
        ins.append(a if isinstance(a, NDArray) else _wrap_host(a, ctx))
    return ins


def getitem(x, key):
    """``x[key]`` with NumPy's rules (zero-dim results, advanced and boolean indexing)."""
    if isinstance(key, tuple) and len(key) == 0:
        return invoke(get_op("_copy"), [x], {})
    template, pos, arrays = _parse(x, key)
    out = invoke(get_op("_npi_getitem"), [x] + _inputs(x, pos, arrays), {"key": template})
    rng = views.basic_range(key, x.shape)  # contiguous basic index: a view, as MXNet's
    return out if rng is None else views.link(out, x, *rng)


def setitem(x, key, value):
    """``x[key] = value`` in place (value broadcast to the indexed shape)."""
    from .multiarray import _as_array
    x._check_writable()
    template, pos, arrays = _parse(x, key)
    if not isinstance(value, NDArray):
        value = _as_array(value, dtype=x.dtype, ctx=x._ctx)
    try:
        res = invoke(get_op("_npi_setitem"), [x, value] + _inputs(x, pos, arrays),
                     {"key": template})
    except MXNetError as err:
        raise MXNetError("setitem: cannot assign a value of shape %s to the indexed part of "
                         "an array of shape %s: %s" % (shape_str(value.shape),
                                                       shape_str(x.shape), err)) from None
    x._set_data(res._value)  # a new value for the same handle (a marked variable stays one)
