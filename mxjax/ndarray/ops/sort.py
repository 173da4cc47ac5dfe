"""Ordering: sort, argsort, topk, and histogram (``_histogram`` plus ``nd.histogram``)."""
import numpy as np
import jax.numpy as jnp
from jax import lax

from ...base import MXNetError, np_dtype, integer_types, shape_str
from ..registry import register
from . import _pyfunc
from .shape import MXNetValueError
from ..registry import invoke, get_op
from ..handle import NDArray
from ..creation import array


def _sort_axis(name, data, axis):
    """(array to sort, normalised axis): ``axis=None`` sorts the flattened array."""
    if axis is None:
        return data.reshape(-1), 0
    ax = int(axis)
    if not -data.ndim <= ax < data.ndim:
        raise MXNetError("Operator %s: axis %d is out of range for an array of shape %s"
                         % (name, ax, shape_str(data.shape)))
    return data, ax % data.ndim


def _order(x, axis, ascend):
    """Stable argsort along ``axis`` (ties keep their order in both directions)."""
    return jnp.argsort(x, axis=axis, stable=True, descending=not ascend)


def _top_order(x, axis, k, ascend):
    """The first ``k`` of ``_order(x, axis, ascend)`` by a selection, not a full sort.

    ``lax.top_k`` keeps the lower index first among equal values, as the stable sort
    does; ascending order selects the largest of the order-reversed keys (``-x`` for
    floats, ``~x`` for integers, no overflow). Zeros are made one value so that ``-0.0``
    and ``0.0`` tie, as they do in the sort (and in MXNet). XLA's CPU sort of a
    (100, 300096) array takes minutes; the selection well under a second.
    """
    key = jnp.moveaxis(x, axis, -1)
    if key.dtype == jnp.bool_:
        key = key.astype(jnp.int8)
    floating = jnp.issubdtype(key.dtype, jnp.floating)
    if ascend:
        key = -key if floating else ~key
    if floating:
        key = jnp.where(key == 0, jnp.zeros_like(key), key)
    return jnp.moveaxis(lax.top_k(key, k)[1], -1, axis)


@register("sort")
def sort(data, *, axis=-1, is_ascend=True):
    """Sort along ``axis`` (the flattened array when ``axis`` is None).

    Parameters
    ----------
    data : NDArray
    axis : int or None, default -1
    is_ascend : bool, default True
    """
    x, ax = _sort_axis("sort", data, axis)
    idx = _order(x, ax, is_ascend)
    return jnp.take_along_axis(x, idx, axis=ax)


@register("argsort")
def argsort(data, *, axis=-1, is_ascend=True, dtype="float32"):
    """The indices that sort ``data`` along ``axis``, as ``dtype`` (float32 by default)."""
    x, ax = _sort_axis("argsort", data, axis)
    return _order(x, ax, is_ascend).astype(np_dtype(dtype))


@register("topk", num_outputs=lambda attrs: 2 if attrs.get("ret_typ") == "both" else 1)
def topk(data, *, axis=-1, k=1, ret_typ="indices", is_ascend=False, dtype="float32"):
    """The ``k`` largest (``is_ascend``: smallest) elements along ``axis``.

    Parameters
    ----------
    data : NDArray
    axis : int or None, default -1
        None: over the flattened array.
    k : int, default 1
        ``k < 1`` sorts the whole axis.
    ret_typ : {'indices', 'value', 'both', 'mask'}, default 'indices'
        'both' returns [values, indices]; 'mask' a 0/1 array of ``data``'s shape and dtype.
    is_ascend : bool, default False
    dtype : str, default 'float32'
        The dtype of the indices.
    """
    if ret_typ not in ("indices", "value", "both", "mask"):
        raise MXNetError("Operator topk: ret_typ %r is not one of indices, value, both, mask"
                         % (ret_typ,))
    x, ax = _sort_axis("topk", data, axis)
    n = x.shape[ax]
    k = int(k)
    if k < 1:
        k = n
    if k > n:
        raise MXNetError("Operator topk: k must be smaller than %d, get k = %d (shape %s)"
                         % (n + 1, k, shape_str(data.shape)))
    idx = _top_order(x, ax, k, is_ascend)
    if ret_typ == "mask":
        onehot = jnp.zeros(x.shape, data.dtype)
        mask = jnp.put_along_axis(onehot, idx, jnp.ones((), data.dtype), axis=ax,
                                  inplace=False)
        return mask.reshape(data.shape)
    values = jnp.take_along_axis(x, idx, axis=ax)
    indices = idx.astype(np_dtype(dtype))
    if ret_typ == "value":
        return values
    if ret_typ == "indices":
        return indices
    return values, indices


# ---------------------------------------------------------------------------
# histogram


@register("_histogram", differentiable=False)
def histogram_op(data, bins=None, *, bin_cnt=None, range=None):  # noqa: A002 - MXNet's name
    """Counts of ``data`` in the bins given by edges ``bins`` or by ``bin_cnt`` and ``range``.

    Returns
    -------
    [counts (int64), bin edges (``data``'s dtype)]
    """
    x = data.reshape(-1)
    if bins is not None:
        if bins.dtype != data.dtype:
            raise MXNetError("Operator _histogram: bins dtype %s does not match data dtype %s"
                             % (np.dtype(bins.dtype).name, np.dtype(data.dtype).name))
        edges = bins.reshape(-1)
        nb = edges.shape[0] - 1
        if nb < 1:
            raise MXNetError("Operator _histogram: bins needs at least two edges")
        i = jnp.searchsorted(edges, x, side="right") - 1
        i = jnp.where(x == edges[-1], nb - 1, i)
        valid = (x >= edges[0]) & (x <= edges[-1])
    else:
        if bin_cnt is None or range is None:
            raise MXNetError("Operator _histogram: needs bins, or bin_cnt and range")
        nb = int(bin_cnt)
        lo, hi = (float(v) for v in range)
        if not lo <= hi or nb < 1:
            raise MXNetError("Operator _histogram: invalid range %s or bin_cnt %d"
                             % (tuple(range), nb))
        edges = jnp.asarray(lo + np.arange(nb + 1, dtype=np.float64) * ((hi - lo) / nb),
                            dtype=jnp.float64).astype(data.dtype)
        xf = x.astype(jnp.float64) if not jnp.issubdtype(x.dtype, jnp.floating) else x
        scaled = (xf - jnp.asarray(lo, xf.dtype)) * nb / jnp.asarray(hi - lo, xf.dtype)
        i = jnp.floor(scaled).astype(jnp.int64)
        i = jnp.where(i >= nb, nb - 1, i)
        valid = (xf >= lo) & (xf <= hi)
    i = jnp.where(valid, i, nb)
    counts = jnp.zeros((nb + 1,), jnp.int64).at[i].add(1)[:nb]
    return counts, edges


@_pyfunc.nd_function
def histogram(a, bins=10, range=None):  # noqa: A002 - MXNet's name
    """Histogram of ``a``, as ``numpy.histogram``.

    Parameters
    ----------
    a : NDArray
    bins : int or NDArray, default 10
        The number of equal-width bins, or the bin edges (rightmost edge included).
    range : (float, float), optional
        Lower and upper range of the bins (with an int ``bins``). Without it, the
        histogram is computed by NumPy on ``a``'s values, as MXNet does.

    Returns
    -------
    (counts, bin_edges)
    """
    if isinstance(bins, NDArray):
        return invoke(get_op("_histogram"), [a, bins], {})
    if isinstance(bins, integer_types):
        if range is None:
            res, edges = np.histogram(a.asnumpy(), bins=int(bins))
            return array(res, ctx=a.context), array(edges, ctx=a.context)
        return invoke(get_op("_histogram"), [a],
                      {"bin_cnt": int(bins), "range": tuple(float(v) for v in range)})
    raise MXNetValueError("bins argument should be either an integer or an NDArray")


# ``axis=None`` (sort the flattened array) must reach the operators: the generated
# functions drop keyword arguments given as None.
for _name in ("sort", "argsort", "topk"):
    _pyfunc.keep_none_first_attr(_name)
