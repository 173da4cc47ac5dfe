"""Creating NDArrays: ``array``, ``zeros``, ``ones``, ``full``, ``empty``, ``arange``."""
import numpy as np
import jax

from ..base import MXNetError, np_dtype, shape_str, numeric_types, integer_types, _Null
from ..context import Context, current_context, jax_device, context_of_device
from ..core import executor, failure
from . import registry
from . import transfer
from .handle import NDArray, _device_of, sparse_module

_invoke = registry.invoke
_get_op = registry.get_op



def array(source_array, ctx=None, dtype=None):
    """Create an NDArray from a list, NumPy array, scalar or NDArray.

    Parameters
    ----------
    source_array : array_like
    ctx : Context, optional
        Default ``current_context()``.
    dtype : str or numpy dtype, optional
        Default ``source_array.dtype`` for an NDArray, float32 otherwise (as MXNet).

    A sparse NDArray or a scipy sparse matrix gives a sparse array
    (``mx.nd.sparse.array``).
    """
    if isinstance(source_array, NDArray) and source_array.stype != "default" or \
            type(source_array).__module__.startswith("scipy.sparse"):
        # a sparse copy, as MXNet's nd.array
        return sparse_module().array(source_array, ctx=ctx, dtype=dtype)
    ctx = ctx if ctx is not None else current_context()
    if isinstance(source_array, NDArray):
        dt = np_dtype(dtype, default=source_array.dtype)
        value = source_array._value.astype(dt)
    else:
        dt = np_dtype(dtype)
        if isinstance(source_array, jax.Array):
            value = source_array.astype(dt)
        else:
            try:
                value = np.asarray(source_array, dtype=dt)
            except (TypeError, ValueError) as err:
                raise MXNetError("array: cannot convert %r to an array of %s: %s"
                                 % (type(source_array).__name__, dt.name, err)) from None
    return NDArray._from_jax(transfer.to_device(value, jax_device(ctx)), ctx)


def _shape_tuple(shape):
    if isinstance(shape, integer_types):
        shape = (int(shape),)
    try:
        shape = tuple(int(s) for s in shape)
    except (TypeError, ValueError, OverflowError) as err:
        raise MXNetError("Invalid shape %r: %s" % (shape, err)) from None
    for s in shape:
        if s < 0:
            raise MXNetError("Invalid shape %s: dimensions must be non-negative"
                             % shape_str(shape))
    return shape


def _filled(shape, value, ctx, dtype):
    ctx = ctx if ctx is not None else current_context()
    dt = np_dtype(dtype)
    shape = _shape_tuple(shape)
    return NDArray._from_jax(transfer.filled(shape, value, dt, jax_device(ctx)), ctx)


def _dense_only(fname, stype):
    """Refuse a request for sparse storage (mxjax has dense arrays only)."""
    if stype not in (None, "default"):
        raise MXNetError("%s: storage type %r is not supported by mxjax (only dense arrays, "
                         "stype='default')" % (fname, stype))


def _filled_op(fname, shape, value, ctx, dtype, kwargs):
    """zeros/ones: MXNet's generated operator takes ``out`` and ``name``; any other keyword
    is an error, as MXNet's "Cannot find argument"."""
    out = kwargs.pop("out", None)
    kwargs.pop("name", None)
    if "stype" in kwargs:  # MXNet's ones has no stype
        raise MXNetError("%s: cannot find argument 'stype' (got stype=%r; its arguments: "
                         "shape, ctx, dtype, out, name)" % (fname, kwargs["stype"]))
    if kwargs:
        raise MXNetError("%s: cannot find argument %r (its arguments: shape, ctx, dtype%s, "
                         "out, name)" % (fname, sorted(kwargs)[0],
                                         ", stype" if fname == "zeros" else ""))
    res = _filled(shape, value, ctx, dtype)
    if out is not None:
        if tuple(out.shape) != tuple(res.shape):
            raise MXNetError("%s: cannot write a result of shape %s into out= of shape %s"
                             % (fname, shape_str(res.shape), shape_str(out.shape)))
        out._check_writable()
        out._set_data(res._value.astype(out.dtype))
        return out
    return res


def zeros(shape, ctx=None, dtype=None, stype=None, **kwargs):
    """An array of zeros (float32 unless ``dtype`` is given).

    Parameters
    ----------
    shape : int or tuple of int
    ctx : Context, optional
    dtype : str or numpy dtype, default float32
    stype : {None, 'default', 'row_sparse', 'csr'}, optional
        A sparse storage type gives ``mx.nd.sparse.zeros(stype, ...)``.
    out : NDArray, optional
        Written in place (same shape).
    """
    if stype not in (None, "default"):
        return sparse_module().zeros(stype, shape, ctx=ctx, dtype=dtype, **kwargs)
    return _filled_op("zeros", shape, 0, ctx, dtype, kwargs)


def ones(shape, ctx=None, dtype=None, **kwargs):
    """An array of ones (float32 unless ``dtype`` is given).

    Parameters
    ----------
    shape : int or tuple of int
    ctx : Context, optional
    dtype : str or numpy dtype, default float32
    out : NDArray, optional
        Written in place (same shape).
    """
    return _filled_op("ones", shape, 1, ctx, dtype, kwargs)


def full(shape, val, ctx=None, dtype=np.float32, out=None):
    """An array filled with ``val``; given ``out``, ``out`` is filled (its shape and dtype
    kept, ``shape`` ignored, as MXNet) and returned."""
    if out is not None:
        out[:] = val
        return out
    return _filled(shape, val, ctx, dtype)


def empty(shape, ctx=None, dtype=None, stype=None):
    """An uninitialised array (zeros in mxjax); a sparse ``stype`` gives
    ``mx.nd.sparse.empty(stype, ...)``."""
    if stype not in (None, "default"):
        return sparse_module().empty(stype, shape, ctx=ctx, dtype=dtype)
    return _filled(shape, 0, ctx, dtype)


def arange(start, stop=None, step=1.0, repeat=1, infer_range=None, ctx=None, dtype=np.float32):
    """Evenly spaced values in ``[start, stop)`` (float32 by default, as MXNet).

    Parameters
    ----------
    start, stop, step : number
    repeat : int
        Repeat each value this many times.
    ctx : Context, optional
    dtype : default float32
    """
    ctx = ctx if ctx is not None else current_context()
    if stop is None:
        start, stop = 0, start
    dt = np_dtype(dtype)
    if step == 0:
        raise MXNetError("arange: step must not be 0")
    for arg, v in (("start", start), ("stop", stop), ("step", step)):
        if not np.isfinite(v):
            raise MXNetError("arange: %s must be a finite number, got %r" % (arg, v))
    vals = np.arange(start, stop, step, dtype=np.float64).astype(dt)
    if repeat != 1:
        vals = np.repeat(vals, int(repeat))
    return NDArray._from_jax(transfer.to_device(vals, jax_device(ctx)), ctx)


def zeros_like_nd(a):
    """Zeros with ``a``'s shape, dtype and context."""
    return NDArray._from_jax(transfer.filled(a.shape, 0, a.dtype, _device_of(a)), a._ctx)


def waitall():
    """Wait for all pending computation: deferred backward passes are computed, and
    every array JAX is still computing (asynchronous dispatch) is waited for."""
    executor.compute_pending()
    jax.effects_barrier()
    for a in jax.live_arrays():
        a.block_until_ready()
    failure.throw_pending()   # an operator's run-time error not raised yet (MXNet's engine)


