"""Index operators: take, batch_take, pick, one_hot, where, gather_nd, scatter_nd,
ravel/unravel_index, fill_element_0index, slice assignment and nd.contrib index_copy /
boolean_mask.

Index arrays may be float (MXNet's default dtype): they are truncated toward zero.
"""
import functools

import numpy as np
import jax
import jax.numpy as jnp

from ...base import MXNetError, np_dtype, shape_str
from ..registry import register
from . import _pyfunc
from .cast import convert
from .shape import _slice_key
from ._shape_rules import same_shapes
from ..registry import invoke, get_op
from ..creation import array


def as_index(idx):
    """An index array as int64 (floats truncate toward zero, as a C cast)."""
    return idx.astype(jnp.int64)


def _ax(name, axis, ndim):
    axis = int(axis)
    if axis < -ndim or axis >= ndim:
        raise MXNetError("Operator %s: axis %d is out of range for an array of %d dimensions"
                         % (name, axis, ndim))
    return axis % ndim


def _bound(idx, n, mode):
    if mode == "wrap":
        return jnp.mod(idx, n)  # floor mod: -1 -> n-1
    return jnp.clip(idx, 0, n - 1)


def _raise_if_out_of_bounds(name, idx, n):
    def check(values):
        values = np.asarray(values)
        if values.size and (values.min() < 0 or values.max() >= n):
            raise MXNetError("Operator %s: indices out of bound (range [0, %d))" % (name, n))
    jax.debug.callback(check, idx)


@register("take")
def take(a, indices, *, axis=0, mode="clip"):
    """Take slices of ``a`` along ``axis`` at ``indices``.

    Parameters
    ----------
    a : NDArray
    indices : NDArray
        Float indices are truncated.
    axis : int, default 0
    mode : {'clip', 'wrap', 'raise'}, default 'clip'
        Out-of-range indices are clipped, wrapped, or an error.

    Returns
    -------
    NDArray of shape ``a.shape[:axis] + indices.shape + a.shape[axis+1:]``.
    """
    if mode not in ("clip", "wrap", "raise"):
        raise MXNetError("Operator take: mode %r is not one of clip, wrap, raise" % (mode,))
    if a.ndim == 0:
        raise MXNetError("Operator take: the data array must have at least one dimension")
    ax = _ax("take", axis, a.ndim)
    n = a.shape[ax]
    idx = as_index(indices)
    if mode == "raise":
        _raise_if_out_of_bounds("take", idx, n)
    idx = _bound(idx, n, mode)
    return jnp.take(a, idx, axis=ax, mode="clip")


@register("batch_take", differentiable=False)
def batch_take(a, indices):
    """``out[i] = a[i, indices[i]]`` (indices int32, clipped to the last axis).

    ``a`` is read as a 2-D array (rows, a.shape[-1]); ``indices`` has one entry per row.
    """
    if indices.dtype != jnp.int32:
        raise MXNetError("Operator batch_take: indices must be int32, got %s"
                         % np.dtype(indices.dtype).name)
    if a.ndim < 1:
        raise MXNetError("Operator batch_take: a must have at least one dimension")
    last = a.shape[-1]
    rows = a.size // last if last else 0
    if indices.size != rows:
        raise MXNetError("Operator batch_take: index array's size %d must be the same as data "
                         "array's size excluding the last dimension (%d, shape %s)"
                         % (indices.size, rows, shape_str(a.shape)))
    flat = a.reshape((rows, last))
    idx = jnp.clip(as_index(indices).reshape(-1), 0, last - 1)
    return flat[jnp.arange(rows), idx].reshape(indices.shape)


@register("pick", aliases=("choose_element_0index",))
def pick(data, index, *, axis=-1, keepdims=False, mode="clip"):
    """Pick one element per position along ``axis``: ``out[i, j] = data[i, index[i, j], j]``.

    Parameters
    ----------
    data : NDArray
    index : NDArray
        Shape of ``data`` without ``axis`` (or with it as length one).
    axis : int, default -1
    keepdims : bool, default False
    mode : {'clip', 'wrap'}, default 'clip'
    """
    if axis is None:
        raise MXNetError("Operator pick: axis=None is not supported by pick yet. Must specify "
                         "an axis.")
    if mode not in ("clip", "wrap"):
        raise MXNetError("Operator pick: mode %r is not one of clip, wrap" % (mode,))
    ax = _ax("pick", axis, data.ndim)
    kept = tuple(data.shape[:ax]) + (1,) + tuple(data.shape[ax + 1:])
    if index.size != int(np.prod(kept, dtype=np.int64)) or index.ndim not in (data.ndim - 1,
                                                                               data.ndim):
        raise MXNetError("Operator pick: index shape %s does not match data shape %s with axis %d"
                         % (shape_str(index.shape), shape_str(data.shape), ax))
    idx = _bound(as_index(index), data.shape[ax], mode).reshape(kept)
    out = _take_along(data, idx, ax, data.shape[ax])
    return out if keepdims else jnp.squeeze(out, ax)


@functools.partial(jax.custom_vjp, nondiff_argnums=(2, 3))
def _take_along(data, idx, ax, n):
    """``take_along_axis(data, idx, ax)`` for in-range ``idx`` (length one along ``ax``)
    whose gradient is a select, not a scatter: XLA:CPU runs a scatter-add as a loop
    over the rows (128 updates of the whole array for a batch of 128: W4h's loss
    ``SoftmaxCrossEntropyLoss`` picks the labels' log-probabilities)."""
    return jnp.take_along_axis(data, idx, axis=ax, mode="clip")


def _take_along_fwd(data, idx, ax, n):
    return _take_along(data, idx, ax, n), idx


def _take_along_bwd(ax, n, idx, g):
    shape = list(g.shape)
    shape[ax] = n
    hit = idx == jax.lax.broadcasted_iota(idx.dtype, tuple(shape), ax)
    return jnp.where(hit, g, jnp.zeros((), g.dtype)), None


_take_along.defvjp(_take_along_fwd, _take_along_bwd)


@register("one_hot")
def one_hot(indices, *, depth, on_value=1.0, off_value=0.0, dtype="float32"):
    """One-hot encoding along a new last axis of length ``depth``.

    Indices outside ``[0, depth)`` give a row of ``off_value``.
    """
    depth = int(depth)
    if depth < 0:
        raise MXNetError("one_hot: depth must be a non-negative integer, got %d" % depth)
    idx = as_index(indices)
    hit = idx[..., None] == jnp.arange(depth, dtype=jnp.int64)
    vals = jnp.where(hit, jnp.float64(on_value), jnp.float64(off_value))
    return convert(vals, np_dtype(dtype))


@register("_onehot_encode", differentiable=False)
def onehot_encode_op(lhs, rhs):
    """One-hot rows of ``rhs``'s shape (N, depth) from the indices ``lhs`` (float32 only)."""
    if lhs.dtype != jnp.float32 or rhs.dtype != jnp.float32:
        raise MXNetError("Operator _onehot_encode: one_hot_encode only support float32 as "
                         "input/output")
    if rhs.ndim != 2 or lhs.ndim != 1 or lhs.shape[0] != rhs.shape[0]:
        raise MXNetError("Operator _onehot_encode: indices %s and out %s must be (N,) and "
                         "(N, depth)" % (shape_str(lhs.shape), shape_str(rhs.shape)))
    hit = as_index(lhs)[:, None] == jnp.arange(rhs.shape[1], dtype=jnp.int64)
    return hit.astype(rhs.dtype)


@_pyfunc.nd_function
def onehot_encode(indices, out):
    """One-hot encode ``indices`` into ``out`` (shape (N, depth)); returns ``out``.

    Parameters
    ----------
    indices : NDArray
    out : NDArray
    """
    return invoke(get_op("_onehot_encode"), [indices, out], {}, out=out)


def _where_shapes(attrs, ins, outs):
    """Symbol shape rule: ``x``, ``y`` and the output share one shape, and ``condition``
    too unless it is 1-D under a higher-rank ``x``."""
    ins = (list(ins) + [None, None, None])[:3]
    cond = ins[0]
    if not cond or not all(d > 0 for d in cond):  # MXNet's WhereOpShape needs condition's
        return ins, outs                          # shape known before it infers anything
    xy = [s for s in ins[1:] + list(outs) if s]
    if cond and (not xy or len(cond) == len(xy[0])):
        return same_shapes(attrs, ins, outs)
    new_ins, new_outs = same_shapes(attrs, ins[1:], outs)
    return [cond] + list(new_ins), new_outs


@register("where", shape_rule=_where_shapes)
def where(condition, x, y):
    """``x`` where ``condition`` is non-zero, else ``y``.

    ``condition`` has the shape of ``x``, or is 1-D with one entry per row of ``x``.
    """
    if x.shape != y.shape:
        raise MXNetError("Operator where: x %s and y %s must have the same shape"
                         % (shape_str(x.shape), shape_str(y.shape)))
    if x.dtype != y.dtype:
        raise MXNetError("Operator where: x (%s) and y (%s) must have the same dtype"
                         % (np.dtype(x.dtype).name, np.dtype(y.dtype).name))
    cond = condition != 0
    if condition.shape != x.shape:
        if condition.ndim != 1 or x.ndim < 1 or condition.shape[0] != x.shape[0]:
            raise MXNetError("Operator where: condition %s must have the shape of x %s or be "
                             "1-D with x.shape[0] entries"
                             % (shape_str(condition.shape), shape_str(x.shape)))
        cond = cond.reshape((-1,) + (1,) * (x.ndim - 1))
    return jnp.where(cond, x, y)


def _nd_index(name, data_shape, indices):
    """The index tuple of gather_nd / scatter_nd from an (M, ...) index array."""
    if indices.ndim < 2 and name == "gather_nd":
        raise MXNetError("Operator gather_nd requires index tensor to have at least 2 dimensions"
                         ", got shape %s" % shape_str(indices.shape))
    if indices.ndim < 1:
        raise MXNetError("Operator %s: indices must have at least one dimension" % name)
    m = indices.shape[0]
    if m > len(data_shape):
        raise MXNetError("Operator %s: number of indices %d exceeds data dimension %d (shape %s)"
                         % (name, m, len(data_shape), shape_str(data_shape)))
    return m, as_index(indices)


@register("gather_nd")
def gather_nd(data, indices):
    """``out[i...] = data[indices[0, i...], ..., indices[M-1, i...]]``.

    The result has shape ``indices.shape[1:] + data.shape[M:]``; negative indices count
    from the end.
    """
    m, idx = _nd_index("gather_nd", data.shape, indices)
    key = []
    for j in range(m):
        n = data.shape[j]
        k = idx[j]
        key.append(jnp.clip(jnp.where(k < 0, k + n, k), 0, n - 1))
    return data[tuple(key)]


@register("scatter_nd")
def scatter_nd(data, indices, *, shape):
    """An array of ``shape``, zero except at ``indices`` where it takes ``data``.

    Indices outside the shape (negative ones included) are ignored.
    """
    shape = tuple(int(s) for s in shape)
    m, idx = _nd_index("scatter_nd", shape, indices)
    want = tuple(indices.shape[1:]) + shape[m:]
    if tuple(data.shape) != want:
        raise MXNetError("Operator scatter_nd: data shape %s must be %s for indices %s and shape "
                         "%s" % (shape_str(data.shape), shape_str(want),
                                 shape_str(indices.shape), shape_str(shape)))
    key = tuple(jnp.where(idx[j] < 0, shape[j], idx[j]) for j in range(m))
    return jnp.zeros(shape, data.dtype).at[key].set(data, mode="drop")


@register("_ravel_multi_index", aliases=("ravel_multi_index",))
def ravel_multi_index(data, *, shape=None):
    """Flat indices from a (len(shape), ...) array of multi-indices (no bounds checks)."""
    if shape is None:
        raise MXNetError("Operator ravel_multi_index: shape is required")
    shape = tuple(int(s) for s in shape)
    if data.ndim < 1 or data.shape[0] != len(shape):
        raise MXNetError("Operator ravel_multi_index: first dimension of input %s does not "
                         "match shape parameter dimension %d" % (shape_str(data.shape),
                                                                  len(shape)))
    idx = as_index(data)
    out = jnp.zeros(data.shape[1:], jnp.int64)
    for j in range(len(shape)):
        out = out * shape[j] + idx[j]
    return convert(out, data.dtype)


@register("_unravel_index", aliases=("unravel_index",))
def unravel_index(data, *, shape=None):
    """Multi-indices (len(shape), ...) from flat indices (C integer division, as MXNet)."""
    if shape is None:
        raise MXNetError("Operator unravel_index: shape is required")
    shape = tuple(int(s) for s in shape)
    idx = as_index(data)
    parts = []
    for n in reversed(shape):
        q = jax.lax.div(idx, jnp.int64(n))
        parts.append(idx - q * n)
        idx = q
    return convert(jnp.stack(parts[::-1]), data.dtype)


@register("fill_element_0index", differentiable=False)
def fill_element_0index(lhs, mhs, rhs):
    """``lhs`` with ``out[i, rhs[i]] = mhs[i]`` (indices outside the row are ignored)."""
    if lhs.ndim != 2 or mhs.shape != (lhs.shape[0],) or rhs.shape != (lhs.shape[0],):
        raise MXNetError("Operator fill_element_0index: shapes %s, %s, %s must be (N, M), (N,), "
                         "(N,)" % (shape_str(lhs.shape), shape_str(mhs.shape),
                                   shape_str(rhs.shape)))
    m = lhs.shape[1]
    col = as_index(rhs)
    col = jnp.where((col < 0) | (col >= m), m, col)
    rows = jnp.arange(lhs.shape[0])
    return lhs.at[rows, col].set(mhs.astype(lhs.dtype), mode="drop")


@register("_contrib_index_copy")
def index_copy(old_tensor, index_vector, new_tensor):
    """``old_tensor`` with rows ``index_vector[i]`` replaced by ``new_tensor[i]``."""
    if index_vector.ndim != 1 or new_tensor.ndim < 1 or \
            index_vector.shape[0] != new_tensor.shape[0] or \
            tuple(old_tensor.shape[1:]) != tuple(new_tensor.shape[1:]) or \
            old_tensor.ndim != new_tensor.ndim:
        raise MXNetError("Operator _contrib_index_copy: shapes old %s, index %s, new %s do not "
                         "fit" % (shape_str(old_tensor.shape), shape_str(index_vector.shape),
                                  shape_str(new_tensor.shape)))
    idx = as_index(index_vector)
    return old_tensor.at[idx].set(new_tensor.astype(old_tensor.dtype), mode="drop")


@register("_contrib_boolean_mask")
def boolean_mask_op(data, index, positions=None, *, axis=0):
    """Rows of ``data`` where ``index`` is non-zero (``positions``: their row numbers).

    The output shape depends on the values of ``index``; ``nd.contrib.boolean_mask``
    computes ``positions`` and passes them.
    """
    if int(axis) != 0:
        raise MXNetError("Operator _contrib_boolean_mask: axis %d is not supported yet (only 0)"
                         % int(axis))
    if index.ndim != 1 or data.ndim < 1 or index.shape[0] != data.shape[0]:
        raise MXNetError("Operator _contrib_boolean_mask: index %s must be 1-D with one entry "
                         "per row of data %s" % (shape_str(index.shape), shape_str(data.shape)))
    if positions is None:
        raise MXNetError("Operator _contrib_boolean_mask: its output shape depends on index's "
                         "values; call nd.contrib.boolean_mask")
    return jnp.take(data, positions, axis=0, mode="clip")


@_pyfunc.nd_function(sub="contrib")
def boolean_mask(data, index, axis=0, out=None, name=None):
    """The rows of ``data`` where ``index`` is non-zero.

    Parameters
    ----------
    data : NDArray
    index : NDArray
        1-D mask with one entry per row of ``data``.
    axis : int, default 0
        Only 0 is supported (as MXNet).
    """
    pos = np.nonzero(index.asnumpy().reshape(-1) if index.ndim == 1 else
                     np.zeros((0,)))[0].astype(np.int64)
    return invoke(get_op("_contrib_boolean_mask"),
                  [data, index, array(pos, ctx=data.context, dtype=np.int64)],
                  {"axis": int(axis)}, out=out)


@register("_slice_assign", aliases=("_crop_assign",), differentiable=False)
def slice_assign(lhs, rhs, *, begin, end, step=()):
    """``lhs`` with ``lhs[begin:end:step] = rhs`` (``rhs`` has exactly the slice's shape)."""
    key = _slice_key("_slice_assign", lhs.shape, begin, end, step)
    target = lhs[key].shape
    if tuple(rhs.shape) != tuple(target):
        raise MXNetError("Operator _slice_assign: rhs shape %s does not match the slice shape %s"
                         % (shape_str(rhs.shape), shape_str(target)))
    return lhs.at[key].set(rhs.astype(lhs.dtype))


@register("_slice_assign_scalar", aliases=("_crop_assign_scalar",), differentiable=False)
def slice_assign_scalar(data, *, scalar=0.0, begin, end, step=()):
    """``data`` with ``data[begin:end:step] = scalar``."""
    key = _slice_key("_slice_assign_scalar", data.shape, begin, end, step)
    return data.at[key].set(convert(jnp.asarray(scalar, jnp.float64), data.dtype))


# ``axis=None`` is an error for pick (as MXNet), not the default axis: keep it.
for _name in ("pick", "choose_element_0index"):
    _pyfunc.keep_none_first_attr(_name)
