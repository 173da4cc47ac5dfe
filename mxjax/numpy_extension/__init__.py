"""``mx.npx``: MXNet's NumPy extensions — mode switches, neural-network operators, devices.

The operators are the ``mx.nd`` ones (the same registered JAX functions, under
their npx names), so given ``mx.np`` arrays they return ``mx.np`` arrays and are
recorded, replayed and compiled as any operator. The NumPy-mode switches live in
``mxjax.util`` (one source of truth for ``mx.util`` and ``mx.npx``).
"""
import numpy as onp
import jax.numpy as jnp

from ..base import MXNetError, shape_str
from ..context import (Context, cpu, cpu_pinned, gpu, num_gpus,  # noqa: F401
                       current_context)
from ..util import (set_np, reset_np, is_np_array, is_np_shape, use_np,  # noqa: F401
                    use_np_array, use_np_shape, np_shape, np_array, set_np_shape)
from ..ndarray.registry import register, get_op, invoke
from ..ndarray.ndarray import NDArray, waitall  # noqa: F401
from ..ndarray.frontend import make_function
from ..ndarray import serialization as _ser
from .. import numpy as _np

__all__ = ["set_np", "reset_np", "is_np_array", "is_np_shape", "use_np", "use_np_array",
           "use_np_shape", "cpu", "cpu_pinned", "gpu", "num_gpus", "current_context",
           "Context", "waitall", "save", "load", "reshape", "nonzero", "constraint_check",
           "gpu_memory_info", "get_cuda_compute_capability"]

# npx name -> the registered mx.nd operator it is
_NN = {
    "activation": "Activation", "batch_dot": "batch_dot", "batch_flatten": "Flatten",
    "batch_norm": "BatchNorm", "cast": "Cast", "convolution": "Convolution",
    "deconvolution": "Deconvolution", "dropout": "Dropout", "embedding": "Embedding",
    "erf": "erf", "erfinv": "erfinv", "fully_connected": "FullyConnected", "gamma": "gamma",
    "gammaln": "gammaln", "gather_nd": "gather_nd", "layer_norm": "LayerNorm",
    "leaky_relu": "LeakyReLU", "log_softmax": "log_softmax", "multibox_detection":
    "_contrib_MultiBoxDetection", "multibox_prior": "_contrib_MultiBoxPrior",
    "multibox_target": "_contrib_MultiBoxTarget", "one_hot": "one_hot", "pick": "pick",
    "pooling": "Pooling",
    "relu": "relu", "reshape_like": "reshape_like", "rnn": "RNN", "roi_pooling": "ROIPooling",
    "sequence_mask": "SequenceMask", "shape_array": "shape_array", "sigmoid": "sigmoid",
    "slice": "slice", "smooth_l1": "smooth_l1", "softmax": "softmax", "topk": "topk",
}


def _nd_function(opname):
    """The ``mx.nd`` function of a registered operator (visible outputs, aux writes)."""
    from .. import ndarray as nd
    if opname.startswith("_contrib_"):
        fn = getattr(nd.contrib, opname[len("_contrib_"):], None)
    else:
        fn = getattr(nd, opname, None)
    return fn if fn is not None else make_function(get_op(opname), opname)


def _npx_function(name, opname):
    nd_fn = _nd_function(opname)

    def fn(*args, **kwargs):
        args = [a.as_np_ndarray() if isinstance(a, NDArray) else a for a in args]
        kwargs = {k: (v.as_np_ndarray() if isinstance(v, NDArray) else v)
                  for k, v in kwargs.items()}
        return _np.multiarray._to_np(nd_fn(*args, **kwargs))
    fn.__name__ = name
    fn.__doc__ = ("``mx.nd.%s`` on ``mx.np`` arrays (the same registered operator).\n\n%s"
                  % (opname, get_op(opname).doc or ""))
    return fn


for _name, _opname in _NN.items():
    globals()[_name] = _npx_function(_name, _opname)


# ---------------------------------------------------------------------------
# npx.reshape: NumPy reshape with MXNet's special codes


def _npx_shape(src, newshape, reverse):
    """The output shape for npx.reshape's codes: -1 infer, -2 copy this axis, -3 drop a
    size-1 axis, -4 copy all remaining axes, -5 merge two axes, -6 split one axis into
    the next two values (one of which may be -1)."""
    if reverse:
        src = tuple(reversed(src))
        newshape = _reverse_codes(newshape)
    out = []
    infer = None
    i = 0
    j = 0
    n = len(newshape)
    while j < n:
        code = newshape[j]
        if code >= 0:
            out.append(code)
            i += 1
        elif code == -1:
            if infer is not None:
                raise MXNetError("npx.reshape: only one dimension can be inferred (-1)")
            infer = len(out)
            out.append(-1)
            i += 1
        elif code == -2:
            out.append(src[i])
            i += 1
        elif code == -3:
            if src[i] != 1:
                raise MXNetError("npx.reshape: -3 drops an axis of size 1, but axis %d of %s "
                                 "has size %d" % (i, shape_str(src), src[i]))
            i += 1
        elif code == -4:
            out.extend(src[i:])
            i = len(src)
        elif code == -5:
            out.append(src[i] * src[i + 1])
            i += 2
        elif code == -6:
            d1, d2 = newshape[j + 1], newshape[j + 2]
            total = src[i]
            if d1 == -1:
                d1 = total // d2
            if d2 == -1:
                d2 = total // d1
            if d1 * d2 != total:
                raise MXNetError("npx.reshape: -6 cannot split axis %d of size %d into %d x %d"
                                 % (i, total, d1, d2))
            out.extend([d1, d2])
            i += 1
            j += 2
        else:
            raise MXNetError("npx.reshape: invalid code %d in %s" % (code, newshape))
        j += 1
    size = int(onp.prod(src, dtype=onp.int64))
    if infer is not None:
        known = int(onp.prod([d for d in out if d != -1], dtype=onp.int64))
        if known == 0 or size % known:
            raise MXNetError("npx.reshape: cannot reshape %s into %s"
                             % (shape_str(src), tuple(newshape)))
        out[infer] = size // known
    if int(onp.prod(out, dtype=onp.int64)) != size:
        raise MXNetError("npx.reshape: cannot reshape an array of shape %s into %s"
                         % (shape_str(src if not reverse else tuple(reversed(src))),
                            tuple(newshape)))
    return tuple(reversed(out)) if reverse else tuple(out)


def _reverse_codes(codes):
    """The codes read from the right (a -6 group keeps its two values in order)."""
    groups = []
    j = 0
    while j < len(codes):
        if codes[j] == -6:
            groups.append([codes[j], codes[j + 2], codes[j + 1]])
            j += 3
        else:
            groups.append([codes[j]])
            j += 1
    return tuple(c for g in reversed(groups) for c in g)


@register("_npx_reshape")
def _reshape_op(a, *, newshape, reverse=False, order="C"):
    """``npx.reshape``: reshape with MXNet's special codes (see ``npx.reshape``)."""
    return jnp.reshape(a, _npx_shape(tuple(a.shape), tuple(newshape), reverse))


def reshape(a, newshape, reverse=False, order="C"):
    """Reshape with MXNet's special codes.

    Parameters
    ----------
    a : ndarray
    newshape : int or tuple of int
        -1 infers a dimension, -2 copies this dimension, -3 drops a size-1 dimension,
        -4 copies all remaining dimensions, -5 merges two dimensions, -6 splits one
        dimension into the next two values.
    reverse : bool, default False
        Read the codes from the right.
    order : {'C'}
    """
    if order != "C":
        raise MXNetError("npx.reshape: only order='C' is supported")
    if isinstance(newshape, (int, onp.integer)):
        newshape = (int(newshape),)
    return _np.multiarray._to_np(invoke(get_op("_npx_reshape"), [_np.multiarray._as_array(a)],
                                        {"newshape": tuple(int(s) for s in newshape),
                                         "reverse": bool(reverse)}))


@register("_npx_arange_like")
def _arange_like_op(data, *, start=0.0, step=1.0, repeat=1, axis=None):
    """Values ``start + step * (i // repeat)`` in ``data``'s shape (or along ``axis``)."""
    n = data.size if axis is None else data.shape[axis]
    vals = start + step * (jnp.arange(n, dtype=jnp.float64) // repeat)
    vals = vals.astype(data.dtype)
    return vals.reshape(data.shape) if axis is None else vals


def arange_like(data=None, start=0.0, step=1.0, repeat=1, ctx=None, axis=None, out=None,
                name=None):
    """An arange with the shape of ``data`` (or the length of its ``axis``).

    Parameters
    ----------
    data : ndarray
    start, step : float
    repeat : int
        Repeat each value this many times.
    ctx : Context, optional
    axis : int, optional
    """
    attrs = {"start": float(start), "step": float(step), "repeat": int(repeat),
             "axis": None if axis is None else int(axis)}
    return _np.multiarray._to_np(invoke(get_op("_npx_arange_like"),
                                        [_np.multiarray._as_array(data)], attrs, out=out,
                                        ctx=ctx))


def nonzero(a):
    """Indices of the non-zero elements as one (N, ndim) int64 array (computed on the host)."""
    a = _np.multiarray._as_array(a)
    idx = onp.stack(onp.nonzero(a.asnumpy()), axis=-1).astype(onp.int64)
    return _np.multiarray._wrap_host(idx, a._ctx)


def constraint_check(x, msg):
    """Raise MXNetError with ``msg`` unless every element of the boolean ``x`` is true;
    returns a true zero-dim boolean array."""
    if not bool(onp.all(x.asnumpy())):
        raise MXNetError(msg)
    return _np.multiarray.array(True, dtype=onp.bool_, ctx=x._ctx)


def save(file, arr):
    """Save an ``mx.np`` array, or a list or dict of them, in MXNet's format."""
    _ser.save(file, arr)


def load(file):
    """Load arrays saved by ``npx.save`` (or ``nd.save``) as ``mx.np`` arrays."""
    res = _ser.load(file)
    if isinstance(res, dict):
        return {k: v.as_np_ndarray() for k, v in res.items()}
    return [v.as_np_ndarray() for v in res]


def check_call(ret):
    """Raise MXNetError for a non-zero return code (MXNet's C-API check, kept for code
    that calls it)."""
    if ret != 0:
        raise MXNetError("call failed with return code %r" % (ret,))


class classproperty:  # pylint: disable=invalid-name
    """A read-only property of the class (MXNet's helper)."""

    def __init__(self, func):
        self.func = func

    def __get__(self, obj, owner):
        return self.func(owner)


def with_metaclass(meta, *bases):
    """A base class created with metaclass ``meta`` (MXNet's six-style helper)."""
    class _Meta(meta):
        def __new__(cls, name, this_bases, d):
            return meta(name, bases, d)
    return type.__new__(_Meta, "temporary_class", (), {})


def gpu_memory_info(device_id=0):
    """(free, total) bytes of GPU ``device_id`` (raises when there is no such GPU)."""
    from ..context import jax_device
    dev = jax_device(gpu(device_id))
    stats = dev.memory_stats() or {}
    total = stats.get("bytes_limit", 0)
    return total - stats.get("bytes_in_use", 0), total


def get_cuda_compute_capability(ctx):
    """The CUDA compute capability of GPU context ``ctx`` as an int (e.g. 80)."""
    from ..context import jax_device
    if ctx.device_type != "gpu":
        raise ValueError("Expecting a gpu context to get cuda compute capability, while "
                         "received ctx {}".format(ctx))
    cc = getattr(jax_device(ctx), "compute_capability", None)
    if cc is None:
        raise MXNetError("get_cuda_compute_capability: unknown for %s" % ctx)
    return int(str(cc).replace(".", ""))
