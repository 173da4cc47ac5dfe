"""Arrays built from a shape: zeros, ones, full, arange (the nodes of mx.sym.zeros ...), eye, linspace, zeros_like, ones_like, shape_array,
size_array and nd.contrib arange_like / index_array."""
import numpy as np
import jax.numpy as jnp

from ...base import MXNetError, np_dtype
from ..registry import register
from .cast import convert

_FLOATS = {np.dtype(np.float32), np.dtype(np.float64)}


@register("_eye", aliases=("eye",))
def eye(*, N, M=0, k=0, dtype="float32"):
    """A 2-D array with ones on the ``k``-th diagonal and zeros elsewhere.

    Parameters
    ----------
    N : int
        Number of rows.
    M : int, default 0
        Number of columns (``N`` when 0).
    k : int, default 0
        Index of the diagonal (positive: above the main one).
    dtype : str, default 'float32'
    """
    n = int(N)
    m = n if not M else int(M)
    if n < 0 or m < 0:
        raise MXNetError("Operator _eye: N=%d and M=%d must be non-negative" % (n, m))
    return jnp.eye(n, m, int(k), dtype=np_dtype(dtype))


@register("_linspace", aliases=("linspace",))
def linspace(*, start, stop, num, endpoint=True, dtype="float32"):
    """``num`` evenly spaced values from ``start`` to ``stop`` (included when ``endpoint``).

    Parameters
    ----------
    start, stop : float
    num : int
    endpoint : bool, default True
    dtype : str, default 'float32'
    """
    num = int(num)
    if num < 0:
        raise MXNetError("Operator _linspace: num=%d must be non-negative" % num)
    div = (num - 1) if endpoint else num
    step = (float(stop) - float(start)) / div if div > 0 else 0.0
    vals = float(start) + np.arange(num, dtype=np.float64) * step
    return convert(jnp.asarray(vals, dtype=jnp.float64), np_dtype(dtype))


def _shape_of(op, shape):
    shape = () if shape is None else ((int(shape),) if np.isscalar(shape) else
                                      tuple(int(d) for d in shape))
    if any(d < 0 for d in shape):
        raise MXNetError("Operator %s: shape %s has a negative dimension" % (op, shape))
    return shape


@register("_zeros")
def zeros(*, shape=(), dtype="float32", ctx=None):
    """An array of zeros (``mx.sym.zeros``; the graph node of a constant).

    Parameters
    ----------
    shape : tuple of int
    dtype : str, default 'float32'
    ctx : str, optional
        Accepted and ignored (the context is the executor's).
    """
    return jnp.zeros(_shape_of("_zeros", shape), np_dtype(dtype))


@register("_ones")
def ones(*, shape=(), dtype="float32", ctx=None):
    """An array of ones (``mx.sym.ones``); parameters as ``_zeros``."""
    return jnp.ones(_shape_of("_ones", shape), np_dtype(dtype))


@register("_full")
def full(*, shape=(), value=0.0, dtype="float32", ctx=None):
    """An array filled with ``value`` (``mx.sym.full``); parameters as ``_zeros``."""
    return jnp.full(_shape_of("_full", shape), value, np_dtype(dtype))


@register("_arange")
def arange(*, start=0.0, stop=None, step=1.0, repeat=1, infer_range=False, dtype="float32",
           ctx=None):
    """Evenly spaced values in ``[start, stop)`` each repeated ``repeat`` times
    (``mx.sym.arange``).

    Parameters
    ----------
    start : float, default 0
    stop : float, optional
        When None, the range is ``[0, start)``.
    step : float, default 1
    repeat : int, default 1
    infer_range : bool
        Not supported (raises when True).
    dtype : str, default 'float32'
    """
    if infer_range:
        raise MXNetError("Operator _arange: infer_range=True is not supported in mxjax")
    if stop is None:
        start, stop = 0.0, start
    vals = np.arange(float(start), float(stop), float(step), dtype=np.float64)
    vals = np.repeat(vals, int(repeat))
    return convert(jnp.asarray(vals, dtype=jnp.float64), np_dtype(dtype))


@register("zeros_like", aliases=("_zeros_like",))
def zeros_like(data):
    """Zeros with the shape and dtype of ``data``."""
    return jnp.zeros(data.shape, data.dtype)


@register("ones_like", aliases=("_ones_like",))
def ones_like(data):
    """Ones with the shape and dtype of ``data``."""
    return jnp.ones(data.shape, data.dtype)


@register("shape_array")
def shape_array(data):
    """The shape of ``data`` as a 1-D int64 array."""
    return jnp.asarray(np.array(data.shape, dtype=np.int64).reshape(-1))


@register("size_array")
def size_array(data):
    """The number of elements of ``data`` as an int64 array of shape (1,)."""
    return jnp.asarray(np.array([int(np.prod(data.shape, dtype=np.int64))], dtype=np.int64))


@register("_contrib_arange_like")
def arange_like(data, *, start=0.0, step=1.0, repeat=1, axis=None):
    """``start, start+step, ...`` in the shape of ``data`` (or the length of its ``axis``).

    Parameters
    ----------
    data : NDArray
    start : float, default 0
    step : float, default 1
    repeat : int, default 1
        Repeat each value this many times.
    axis : int, optional
        Give a 1-D array as long as this axis instead of ``data``'s shape.
    """
    if axis is None:
        shape = tuple(data.shape)
    else:
        ax = int(axis)
        if not -data.ndim <= ax < data.ndim:
            raise MXNetError("Operator _contrib_arange_like: axis %d is out of range for %d "
                             "dimensions" % (ax, data.ndim))
        shape = (data.shape[ax % data.ndim],)
    n = int(np.prod(shape, dtype=np.int64))
    rep = max(int(repeat), 1)
    i = np.arange(n, dtype=np.int64) // rep
    dt = np.dtype(data.dtype)
    if dt in _FLOATS:
        vals = jnp.asarray(float(start) + i * float(step), dtype=jnp.float64)
    else:  # MXNet truncates start and step for the other dtypes
        vals = jnp.asarray(int(start) + i * int(step), dtype=jnp.int64)
    return convert(vals, dt).reshape(shape)


@register("_contrib_index_array")
def index_array(data, *, axes=None):
    """Each element's index along ``axes`` (all axes by default), as int64.

    The result has shape ``data.shape + (len(axes),)``.
    """
    nd = data.ndim
    if axes is None:
        axes = tuple(range(nd))
    elif isinstance(axes, (int, np.integer)):
        axes = (axes,)
    norm = []
    for a in axes:
        a = int(a)
        if not -nd <= a < nd:
            raise MXNetError("Operator _contrib_index_array: axis %d is out of range for %d "
                             "dimensions" % (a, nd))
        norm.append(a % nd)
    grids = jnp.indices(tuple(data.shape), dtype=jnp.int64)
    return jnp.stack([grids[a] for a in norm], axis=-1)
