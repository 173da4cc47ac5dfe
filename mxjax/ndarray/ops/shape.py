"""Shape operators: Reshape (MXNet's special codes), transpose, concat/stack/split,
slice, broadcast_to/like/axis, tile, repeat, pad, diag, depth_to_space ..."""
import numpy as np
import jax.numpy as jnp
from jax import lax

from ...base import MXNetError, shape_str
from ..registry import register
from ._shape_rules import concat_shapes, split_shapes
from . import _pyfunc


class MXNetValueError(MXNetError, ValueError):
    """A bad shape argument (both an MXNetError and a ValueError, as MXNet's Python raises)."""


def _ax(name, axis, ndim, what="axis"):
    """One axis in ``[-ndim, ndim)`` normalised to ``[0, ndim)``."""
    axis = int(axis)
    if axis < -ndim or axis >= ndim:
        raise MXNetError("Operator %s: %s %d is out of range for an array of %d dimensions"
                         % (name, what, axis, ndim))
    return axis % ndim


def _shape_of(x):
    return tuple(int(d) for d in x.shape)


# ---------------------------------------------------------------------------
# Reshape


def infer_reshape(src, target, reverse=False):
    """The output shape of MXNet's Reshape for input shape ``src`` and codes ``target``.

    Codes: 0 copies an input dimension, -1 infers one, -2 copies all remaining,
    -3 merges two consecutive input dimensions, -4 splits one into the next two
    values (one of which may be -1). ``reverse`` matches codes from the right.
    """
    src = [int(d) for d in src]
    tgt = [int(d) for d in target]
    total = int(np.prod(src, dtype=np.int64))

    def bad(why=""):
        return MXNetValueError("Operator Reshape: cannot reshape array of shape %s into shape %s"
                               "%s" % (shape_str(src), tuple(target), why))

    if reverse:
        src = src[::-1]
        tgt = tgt[::-1]
    out = []
    si = 0
    infer = -1
    i = 0
    while i < len(tgt):
        p = tgt[i]
        if p == 0:
            if si >= len(src):
                raise bad(" (code 0 has no input dimension left to copy)")
            out.append(src[si])
            si += 1
        elif p == -1:
            if infer >= 0:
                raise bad(" (only one dimension can be inferred with -1)")
            infer = len(out)
            out.append(1)
            si += 1
        elif p == -2:
            out.extend(src[si:])
            si = len(src)
        elif p == -3:
            if si + 1 >= len(src):
                raise bad(" (code -3 needs two input dimensions)")
            out.append(src[si] * src[si + 1])
            si += 2
        elif p == -4:
            if i + 2 >= len(tgt) or si >= len(src):
                raise bad(" (code -4 needs an input dimension and two values after it)")
            d0 = src[si]
            d1, d2 = tgt[i + 1], tgt[i + 2]
            si += 1
            if d1 == -1 and d2 == -1:
                raise bad(" (split dimensions cannot both be -1)")
            if d1 == -1:
                d1 = d0 // d2 if d2 else 0
            if d2 == -1:
                d2 = d0 // d1 if d1 else 0
            if d1 * d2 != d0:
                raise bad(" (split dimensions %d, %d do not divide dimension %d)"
                          % (d1, d2, d0))
            out.extend([d1, d2])
            i += 2
        elif p > 0:
            out.append(p)
            si += 1
        else:
            raise bad(" (dimension sizes must be >= -4, got %d)" % p)
        i += 1
    if infer >= 0:
        rest = int(np.prod([d for j, d in enumerate(out) if j != infer], dtype=np.int64))
        if rest == 0 or total % rest:
            raise bad()
        out[infer] = total // rest
    if int(np.prod(out, dtype=np.int64)) != total:
        raise bad()
    if reverse:
        out = out[::-1]
    return tuple(int(d) for d in out)


def _target_shape(src, target, keep_highest):
    """The deprecated ``target_shape`` form: 0 marks the one inferred dimension."""
    out = [int(d) for d in target]
    start = 0
    if keep_highest:
        out[0] = int(src[0])
        start = 1
    zeros = [i for i in range(start, len(out)) if out[i] == 0]
    total = int(np.prod(src, dtype=np.int64))
    if len(zeros) == 1:
        out[zeros[0]] = 1
        out[zeros[0]] = total // int(np.prod(out, dtype=np.int64))
    if int(np.prod(out, dtype=np.int64)) != total:
        raise MXNetValueError("Operator Reshape: cannot reshape array of shape %s into "
                              "target_shape %s" % (shape_str(src), tuple(target)))
    return tuple(out)


@register("Reshape", aliases=("reshape",))
def reshape(data, *, shape=(), reverse=False, target_shape=(), keep_highest=False):
    """Reshape with MXNet's special codes 0, -1, -2, -3, -4 (see ``infer_reshape``).

    Parameters
    ----------
    data : NDArray
    shape : tuple of int
        The target shape, with special codes.
    reverse : bool, default False
        Match the special codes from the right.
    target_shape : tuple of int
        (Deprecated) target shape; a 0 marks the one inferred dimension.
    keep_highest : bool, default False
        (Deprecated, with ``target_shape``) keep the first input dimension.
    """
    if shape:
        new = infer_reshape(data.shape, shape, reverse)
    elif target_shape:
        new = _target_shape(data.shape, target_shape, keep_highest)
    else:
        if data.size != 1:
            raise MXNetValueError("Operator Reshape: no target shape given for an array of "
                                  "shape %s" % shape_str(data.shape))
        new = ()
    return jnp.reshape(data, new)


def _range_arg(name, ndim, begin, end, what):
    b = 0 if begin is None else int(begin)
    e = ndim if end is None else int(end)
    if b < 0:
        b += ndim
    if e < 0:
        e += ndim
    if not (0 <= b < e <= ndim):
        raise MXNetError("Operator reshape_like: invalid begin, end, get %s_begin=%s, %s_end=%s "
                         "for an array of %d dimensions" % (what, begin, what, end, ndim))
    return b, e


@register("reshape_like")
def reshape_like(lhs, rhs, *, lhs_begin=None, lhs_end=None, rhs_begin=None, rhs_end=None):
    """Reshape ``lhs`` to the shape of ``rhs`` (or replace ``lhs.shape[lhs_begin:lhs_end]``
    by ``rhs.shape[rhs_begin:rhs_end]``)."""
    ls, rs = _shape_of(lhs), _shape_of(rhs)
    if all(v is None for v in (lhs_begin, lhs_end, rhs_begin, rhs_end)):
        new = rs
    else:
        lb, le = _range_arg("reshape_like", len(ls), lhs_begin, lhs_end, "lhs")
        rb, re_ = _range_arg("reshape_like", len(rs), rhs_begin, rhs_end, "rhs")
        new = ls[:lb] + rs[rb:re_] + ls[le:]
    if int(np.prod(new, dtype=np.int64)) != lhs.size:
        raise MXNetError("Operator reshape_like: cannot reshape lhs with shape %s to new shape "
                         "%s because they have different size" % (shape_str(ls), shape_str(new)))
    return jnp.reshape(lhs, new)


@register("Flatten", aliases=("flatten",))
def flatten(data):
    """Collapse all but the first axis: (N, ...) -> (N, prod(...))."""
    if data.ndim == 0:
        return data.reshape((1, 1))
    return data.reshape((data.shape[0], int(np.prod(data.shape[1:], dtype=np.int64))))


@register("expand_dims")
def expand_dims(data, *, axis):
    """Insert an axis of length one at ``axis`` (in ``[-ndim-1, ndim]``)."""
    nd = data.ndim + 1
    if axis < -nd or axis >= nd:
        raise MXNetError("Operator expand_dims: axis must be in the range [%d, %d] (%d provided)"
                         % (-nd, nd - 1, axis))
    return jnp.expand_dims(data, axis % nd)


@register("squeeze")
def squeeze(data, *, axis=None):
    """Remove axes of length one (all of them, or those in ``axis``).

    A result with no axes left has shape (1,), as legacy MXNet.
    """
    if axis is None:
        axes = tuple(i for i, d in enumerate(data.shape) if d == 1)
    else:
        if isinstance(axis, (int, np.integer)):
            axis = (axis,)
        axes = tuple(sorted(set(_ax("squeeze", a, data.ndim) for a in axis)))
        for a in axes:
            if data.shape[a] != 1:
                raise MXNetError("Operator squeeze: cannot select an axis to squeeze out which "
                                 "has size=%d not equal to one (axis %d of shape %s)"
                                 % (data.shape[a], a, shape_str(data.shape)))
    out = jnp.squeeze(data, axes)
    if out.ndim == 0:
        out = out.reshape((1,))
    return out


@register("transpose")
def transpose(data, *, axes=()):
    """Permute axes (reverse them when ``axes`` is empty)."""
    if not axes:
        return jnp.transpose(data)
    axes = tuple(int(a) for a in axes)
    if len(axes) != data.ndim or sorted(axes) != list(range(data.ndim)):
        raise MXNetError("Operator transpose: axes %s do not permute the %d axes of shape %s"
                         % (axes, data.ndim, shape_str(data.shape)))
    return jnp.transpose(data, axes)


@register("SwapAxis", aliases=("swapaxes",))
def swapaxes(data, *, dim1=0, dim2=0):
    """Swap two axes."""
    a = _ax("SwapAxis", dim1, data.ndim, "dim1")
    b = _ax("SwapAxis", dim2, data.ndim, "dim2")
    return jnp.swapaxes(data, a, b)


def _axis_tuple(name, value, ndim):
    if isinstance(value, (int, np.integer)):
        value = (value,)
    out = []
    for a in value:
        try:
            out.append(_ax(name, a, ndim))
        except MXNetError as err:
            raise MXNetValueError(str(err)) from None
    return out


@register("moveaxis")
def moveaxis(tensor, *, source, destination):
    """Move axes ``source`` to positions ``destination``, keeping the others in order.

    Parameters
    ----------
    tensor : NDArray
    source : int or tuple of int
    destination : int or tuple of int
    """
    src = _axis_tuple("moveaxis", source, tensor.ndim)
    dst = _axis_tuple("moveaxis", destination, tensor.ndim)
    if len(src) != len(dst):
        raise MXNetValueError("moveaxis: `source` and `destination` arguments must have the "
                              "same number of elements")
    if len(set(src)) != len(src) or len(set(dst)) != len(dst):
        raise MXNetValueError("moveaxis: repeated axis in `source` or `destination`")
    order = [n for n in range(tensor.ndim) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return jnp.transpose(tensor, order)


@register("reverse", aliases=("flip",))  # MXNet's op is reverse (JSON), flip its alias
def flip(data, *, axis):
    """Reverse the order of elements along ``axis`` (an int or a tuple)."""
    if isinstance(axis, (int, np.integer)):
        axis = (axis,)
    for a in axis:  # MXNet accepts no negative axes here
        if not 0 <= int(a) < data.ndim:
            raise MXNetError("Operator flip: axis %d must be in range [0, %d) for shape %s"
                             % (int(a), data.ndim, shape_str(data.shape)))
    axes = tuple(int(a) for a in axis)
    return jnp.flip(data, axes) if axes else data


@register("tile")
def tile(data, *, reps):
    """Repeat the whole array ``reps`` times along each axis (as ``numpy.tile``)."""
    if isinstance(reps, (int, np.integer)):
        reps = (reps,)
    reps = tuple(int(r) for r in reps)
    if any(r <= 0 for r in reps):
        raise MXNetError("Operator tile: reps %s must be positive (input shape %s)"
                         % (reps, shape_str(data.shape)))
    if not reps:
        return data
    return jnp.tile(data, reps)


@register("repeat")
def repeat(data, *, repeats, axis=None):
    """Repeat each element ``repeats`` times along ``axis`` (the flattened array if None)."""
    repeats = int(repeats)
    if repeats < 0:
        raise MXNetError("Operator repeat: repeats %d must be non-negative" % repeats)
    if repeats == 0:  # MXNet gives an empty 1-D array whatever the axis
        return jnp.zeros((0,), data.dtype)
    if axis is None:
        return jnp.repeat(data.reshape(-1), repeats)
    ax = _ax("repeat", axis, data.ndim)
    return jnp.repeat(data, repeats, axis=ax)


# ---------------------------------------------------------------------------
# joining and splitting


def _check_join(name, arrays, axis, stacked):
    if not arrays:
        raise MXNetError("Operator %s: needs at least one input" % name)
    first = arrays[0]
    for i, a in enumerate(arrays[1:], 1):
        if a.dtype != first.dtype:
            raise MXNetError("Operator %s: non-uniform data type, expected %s, got %s for "
                             "input %d" % (name, np.dtype(first.dtype).name,
                                           np.dtype(a.dtype).name, i))
        ok = a.ndim == first.ndim and all(
            x == y for k, (x, y) in enumerate(zip(a.shape, first.shape))
            if stacked or k != axis)
        if not ok:
            raise MXNetError("Operator %s: incompatible input shape %s for input %d, expected "
                             "%s (axis %d)" % (name, shape_str(a.shape), i,
                                               shape_str(first.shape), axis))


@register("Concat", aliases=("concat", "_rnn_param_concat"), shape_rule=concat_shapes)
def concat(*data, dim=1):
    """Join arrays along axis ``dim``.

    Parameters
    ----------
    *data : NDArray
        Arrays of one dtype whose shapes agree except along ``dim``.
    dim : int, default 1
    """
    if not data:
        raise MXNetError("Operator Concat: needs at least one input")
    ax = _ax("Concat", dim, data[0].ndim, "dim")
    _check_join("Concat", data, ax, False)
    return jnp.concatenate(data, axis=ax)


@_pyfunc.nd_function
def concatenate(arrays, axis=0, always_copy=True):
    """Join a list of arrays along ``axis`` (MXNet's Python ``nd.concatenate``).

    Parameters
    ----------
    arrays : list of NDArray
    axis : int, default 0
    always_copy : bool, default True
        When False and there is one array, return it itself.
    """
    from ..registry import invoke, get_op
    if not isinstance(arrays, (list, tuple)) or not arrays:
        raise MXNetError("concatenate: arrays must be a non-empty list of NDArrays")
    if not always_copy and len(arrays) == 1:
        return arrays[0]
    return invoke(get_op("Concat"), list(arrays), {"dim": int(axis)})


@register("stack")
def stack(*data, axis=0):
    """Join arrays of one shape along a new axis ``axis``."""
    if not data:
        raise MXNetError("Operator stack: needs at least one input")
    nd = data[0].ndim + 1
    if axis < -nd or axis >= nd:
        raise MXNetError("Operator stack: axis %d exceeds the input dimension of %d"
                         % (axis, nd))
    _check_join("stack", data, axis % nd, True)
    return jnp.stack(data, axis=axis % nd)


def _pieces(data, ax, bounds, squeeze_axis, name):
    outs = []
    for b, e in bounds:
        idx = [slice(None)] * data.ndim
        idx[ax] = slice(b, e)
        piece = data[tuple(idx)]
        if squeeze_axis:
            if e - b != 1:
                raise MXNetError("Operator %s: squeeze_axis expects pieces of size 1 along axis "
                                 "%d, got %d" % (name, ax, e - b))
            piece = jnp.squeeze(piece, ax)
        outs.append(piece)
    return outs[0] if len(outs) == 1 else tuple(outs)


@register("SliceChannel", aliases=("split",), shape_rule=split_shapes,
          num_outputs=lambda attrs: int(attrs["num_outputs"]))
def split(data, *, num_outputs, axis=1, squeeze_axis=False):
    """Split into ``num_outputs`` equal pieces along ``axis``.

    Parameters
    ----------
    data : NDArray
    num_outputs : int
    axis : int, default 1
    squeeze_axis : bool, default False
        Remove ``axis`` from the pieces (their size along it must be 1).
    """
    ax = _ax("split", axis, data.ndim)
    n = int(num_outputs)
    size = data.shape[ax]
    if n <= 0 or size % n:
        raise MXNetError("Operator split: cannot split axis %d of input tensor with shape %s into "
                         "num_outputs=%d evenly sized chunks" % (ax, shape_str(data.shape), n))
    step = size // n
    return _pieces(data, ax, [(i * step, (i + 1) * step) for i in range(n)], squeeze_axis,
                   "split")


@register("_split_v2")
def split_v2_op(data, *, indices, axis=1, squeeze_axis=False, sections=0):
    """Split at the start positions ``indices`` (or into ``sections`` equal pieces)."""
    ax = _ax("_split_v2", axis, data.ndim)
    size = data.shape[ax]
    if sections and int(sections) > 0:
        n = int(sections)
        if size % n:
            raise MXNetError("Operator _split_v2: axis %d of shape %s does not split into %d "
                             "equal sections" % (ax, shape_str(data.shape), n))
        starts = [i * (size // n) for i in range(n)]
    else:
        starts = [int(i) for i in indices]
    bounds = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else size
        if s > e or s < 0 or e > size:
            raise MXNetError("Operator _split_v2: start %d is not less than end %d for subarray "
                             "%d (axis %d of shape %s)" % (s, e, k, ax, shape_str(data.shape)))
        bounds.append((s, e))
    return _pieces(data, ax, bounds, squeeze_axis, "_split_v2")


@register("split_v2")
def split_v2(ary, *, indices_or_sections, axis=0, squeeze_axis=False):
    """Split into equal sections (an int) or at the given indices (a tuple), as numpy.

    Parameters
    ----------
    ary : NDArray
    indices_or_sections : int or tuple of int
    axis : int, default 0
    squeeze_axis : bool, default False
    """
    ax = _ax("split_v2", axis, ary.ndim)
    size = ary.shape[ax]
    if isinstance(indices_or_sections, (int, np.integer)):
        n = int(indices_or_sections)
        if n <= 0 or size % n:
            raise MXNetValueError("split_v2: array split does not result in an equal division "
                                  "(axis %d of shape %s into %d)" % (ax, shape_str(ary.shape), n))
        indices = tuple(i * (size // n) for i in range(n))
    elif isinstance(indices_or_sections, tuple):
        indices = (0,) + tuple(int(i) for i in indices_or_sections)
    else:
        raise MXNetValueError("split_v2: indices_or_sections must either int or tuple of ints")
    return split_v2_op(ary, indices=indices, axis=ax, squeeze_axis=squeeze_axis)


# ---------------------------------------------------------------------------
# slicing


def _slice_key(name, shape, begin, end, step):
    begin = tuple(begin) if begin is not None else ()
    end = tuple(end) if end is not None else ()
    step = tuple(step) if step else ()
    if len(begin) != len(end):
        raise MXNetError("Operator %s: begin %s and end %s must have the same length"
                         % (name, begin, end))
    if step and len(step) != len(begin):
        raise MXNetError("Operator %s: step %s must be empty or as long as begin %s"
                         % (name, step, begin))
    if len(begin) > len(shape):
        raise MXNetError("Operator %s: slicing axis exceeds data dimensions (begin %s for shape "
                         "%s)" % (name, begin, shape_str(shape)))
    idx = []
    for i, (b, e) in enumerate(zip(begin, end)):
        s = step[i] if step else None
        if s == 0:
            raise MXNetError("Operator %s: slice step cannot be zero" % name)
        idx.append(slice(b, e, s))
    return tuple(idx)


@register("slice", aliases=("crop", "_slice"))
def slice_(data, *, begin, end, step=()):
    """Slice the leading axes with ``begin``/``end``/``step`` (None entries: the defaults).

    Parameters
    ----------
    data : NDArray
    begin, end : tuple of int or None
    step : tuple of int or None, optional
        Negative steps walk backwards, as Python slices.
    """
    return data[_slice_key("slice", data.shape, begin, end, step)]


@register("slice_axis")
def slice_axis(data, *, axis, begin, end=None):
    """Slice along one axis; ``end=None`` means to the end of the axis."""
    ax = _ax("slice_axis", axis, data.ndim)
    n = data.shape[ax]
    b = int(begin) + n if int(begin) < 0 else int(begin)
    e = n if end is None else (int(end) + n if int(end) < 0 else int(end))
    if not (0 <= e <= n):
        raise MXNetError("Operator slice_axis: invalid end=%s for axis %d of size %d"
                         % (end, ax, n))
    if not (0 <= b < e):
        raise MXNetError("Operator slice_axis: invalid begin, end, get begin=%s, end=%s for "
                         "axis %d of size %d" % (begin, end, ax, n))
    idx = [slice(None)] * data.ndim
    idx[ax] = slice(b, e)
    return data[tuple(idx)]


@register("slice_like")
def slice_like(data, shape_like, *, axes=()):
    """Slice ``data`` to the shape of ``shape_like`` (on all axes, or those in ``axes``)."""
    ds, ls = _shape_of(data), _shape_of(shape_like)
    if not axes:
        if len(ds) != len(ls):
            raise MXNetError("Operator slice_like: by default slice_like slices all axes, but "
                             "the inputs have shapes %s and %s" % (shape_str(ds), shape_str(ls)))
        axes = range(len(ds))
    idx = [slice(None)] * len(ds)
    for a in axes:
        a = int(a)
        if a < 0:
            a += len(ds)
        if not (0 <= a < len(ds) and a < len(ls)):
            raise MXNetError("Operator slice_like: axis %s is out of range for shapes %s and %s"
                             % (a, shape_str(ds), shape_str(ls)))
        if ls[a] > ds[a]:
            raise MXNetError("Operator slice_like: slice axis %d with size %d exceeds the input "
                             "size %d" % (a, ls[a], ds[a]))
        idx[a] = slice(0, ls[a])
    return data[tuple(idx)]


# ---------------------------------------------------------------------------
# broadcasting


@register("broadcast_to")
def broadcast_to(data, *, shape=()):
    """Broadcast to ``shape`` (a 0 keeps the input dimension)."""
    shape = tuple(int(s) for s in shape)
    if len(shape) != data.ndim:
        raise MXNetError("Operator broadcast_to: operand of shape %s cannot be broadcasted to %s"
                         % (shape_str(data.shape), shape_str(shape)))
    out = tuple(d if s == 0 else s for d, s in zip(data.shape, shape))
    for d, s in zip(data.shape, out):
        if d != s and d != 1:
            raise MXNetError("Operator broadcast_to: array cannot be broadcasted from %s to %s"
                             % (shape_str(data.shape), shape_str(out)))
    return jnp.broadcast_to(data, out)


@register("broadcast_like")
def broadcast_like(lhs, rhs, *, lhs_axes=None, rhs_axes=None):
    """Broadcast ``lhs`` to the shape of ``rhs`` (or only ``lhs_axes`` to ``rhs_axes``)."""
    ls, rs = _shape_of(lhs), _shape_of(rhs)
    if lhs_axes is None and rhs_axes is None:
        if len(ls) != len(rs):
            raise MXNetError("Operator broadcast_like: operand of shape %s cannot be broadcasted "
                             "to %s" % (shape_str(ls), shape_str(rs)))
        out = rs
    else:
        la = (lhs_axes,) if isinstance(lhs_axes, (int, np.integer)) else tuple(lhs_axes or ())
        ra = (rhs_axes,) if isinstance(rhs_axes, (int, np.integer)) else tuple(rhs_axes or ())
        if len(la) != len(ra) or not la:
            raise MXNetError("Operator broadcast_like: lhs_axes %s and rhs_axes %s must have the "
                             "same length" % (la, ra))
        out = list(ls)
        for a, b in zip(la, ra):
            a = _ax("broadcast_like", a, len(ls), "lhs_axes")
            b = _ax("broadcast_like", b, len(rs), "rhs_axes")
            if ls[a] != 1:
                raise MXNetError("Operator broadcast_like: input axis %d at dimension %d cannot "
                                 "be broadcasted to %d" % (a, ls[a], rs[b]))
            out[a] = rs[b]
        out = tuple(out)
    for d, s in zip(ls, out):
        if d != s and d != 1:
            raise MXNetError("Operator broadcast_like: array cannot be broadcasted from %s to %s"
                             % (shape_str(ls), shape_str(out)))
    return jnp.broadcast_to(lhs, out)


@register("broadcast_axis", aliases=("broadcast_axes",))
def broadcast_axis(data, *, axis=(), size=()):
    """Broadcast the length-one axes ``axis`` to the lengths ``size``."""
    axis = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    size = (size,) if isinstance(size, (int, np.integer)) else tuple(size)
    if len(axis) != len(size):
        raise MXNetError("Operator broadcast_axis: axis %s and size %s must have the same length"
                         % (axis, size))
    out = list(data.shape)
    for a, s in zip(axis, size):
        a = int(a)
        if not 0 <= a < data.ndim:
            raise MXNetError("Operator broadcast_axis: axis %d must be in range [0, %d)"
                             % (a, data.ndim))
        if data.shape[a] != 1:
            raise MXNetError("Operator broadcast_axis: broadcasting axis %d must have size 1, "
                             "input shape %s" % (a, shape_str(data.shape)))
        out[a] = int(s)
    return jnp.broadcast_to(data, tuple(out))


# ---------------------------------------------------------------------------
# padding, diagonals, blocks


@register("Pad", aliases=("pad",))
def pad(data, *, mode, pad_width, constant_value=0.0):
    """Pad a 4-D or 5-D array on its spatial axes.

    Parameters
    ----------
    data : NDArray
        4-D (N, C, H, W) or 5-D (N, C, D, H, W).
    mode : {'constant', 'edge', 'reflect'}
    pad_width : tuple of int
        ``(before_0, after_0, before_1, after_1, ...)``, 2 per axis; the first four zero.
    constant_value : float, default 0
    """
    if data.ndim not in (4, 5):
        raise MXNetError("Operator Pad: current implementation only supports 4-D or 5-D input "
                         "(got shape %s)" % shape_str(data.shape))
    pw = tuple(int(p) for p in pad_width)
    if len(pw) != 2 * data.ndim:
        raise MXNetError("Operator Pad: input shape %s vs. padding spec %s mismatch"
                         % (shape_str(data.shape), pw))
    if any(pw[:4]):
        raise MXNetError("Operator Pad: current implementation expects padding on the first two "
                         "axes to be zero (pad_width %s)" % (pw,))
    widths = [(pw[2 * i], pw[2 * i + 1]) for i in range(data.ndim)]
    if mode == "constant":
        return jnp.pad(data, widths, mode="constant",
                       constant_values=jnp.asarray(constant_value, data.dtype))
    if mode == "edge":
        return jnp.pad(data, widths, mode="edge")
    if mode == "reflect":
        for d, (b, a) in zip(data.shape, widths):
            if b >= d or a >= d:
                raise MXNetError("Operator Pad: current implementation of reflection padding "
                                 "only supports padding sizes smaller than the input size "
                                 "(shape %s, pad_width %s)" % (shape_str(data.shape), pw))
        return jnp.pad(data, widths, mode="reflect")
    raise MXNetError("Operator Pad: unknown mode %r (constant, edge, reflect)" % (mode,))


@register("diag")
def diag(data, *, k=0, axis1=0, axis2=1):
    """A diagonal matrix from a vector, or the ``k``-th diagonal of an array.

    Parameters
    ----------
    data : NDArray
        1-D: the diagonal of the result; N-D: the array to read a diagonal from.
    k : int, default 0
        Offset (positive: above the main diagonal).
    axis1, axis2 : int, default 0, 1
        The 2-D sub-arrays' axes (N-D input); the diagonal becomes the last axis.
    """
    k = int(k)
    if data.ndim == 1:
        return jnp.diag(data, k)
    if data.ndim == 0:
        raise MXNetError("Operator diag: input must have at least one dimension")
    a1 = _ax("diag", axis1, data.ndim, "axis1")
    a2 = _ax("diag", axis2, data.ndim, "axis2")
    if a1 == a2:
        raise MXNetError("Operator diag: axis1 and axis2 cannot refer to the same axis %d" % a1)
    n1, n2 = data.shape[a1], data.shape[a2]
    if (k >= 0 and k >= n2) or (k < 0 and -k >= n1):
        raise MXNetError("Operator diag: diagonal %d does not exist in shape %s"
                         % (k, shape_str(data.shape)))
    return jnp.diagonal(data, offset=k, axis1=a1, axis2=a2)


@register("depth_to_space")
def depth_to_space(data, *, block_size):
    """Move depth blocks into space: (N, C, H, W) -> (N, C/b^2, H*b, W*b)."""
    b = int(block_size)
    if data.ndim != 4:
        raise MXNetError("Operator depth_to_space: input must be 4-D, got shape %s"
                         % shape_str(data.shape))
    n, c, h, w = data.shape
    if b <= 0 or c % (b * b):
        raise MXNetError("Operator depth_to_space: depth dimension %d of shape %s should be a "
                         "multiple of block^2 (block_size %d)" % (c, shape_str(data.shape), b))
    x = data.reshape((n, b, b, c // (b * b), h, w))
    x = jnp.transpose(x, (0, 3, 4, 1, 5, 2))
    return x.reshape((n, c // (b * b), h * b, w * b))


@register("space_to_depth")
def space_to_depth(data, *, block_size):
    """Move spatial blocks into depth: (N, C, H, W) -> (N, C*b^2, H/b, W/b)."""
    b = int(block_size)
    if data.ndim != 4:
        raise MXNetError("Operator space_to_depth: input must be 4-D, got shape %s"
                         % shape_str(data.shape))
    n, c, h, w = data.shape
    if b <= 0 or h % b or w % b:
        raise MXNetError("Operator space_to_depth: spatial dimensions of shape %s should be "
                         "multiples of block_size %d" % (shape_str(data.shape), b))
    x = data.reshape((n, c, h // b, b, w // b, b))
    x = jnp.transpose(x, (0, 3, 5, 1, 2, 4))
    return x.reshape((n, c * b * b, h // b, w // b))


@register("Crop")
def crop_legacy(*data, offset=(0, 0), h_w=(0, 0), center_crop=False):
    """Crop the spatial axes of an NCHW array to ``h_w`` (or to the size of a second input).

    Parameters
    ----------
    *data : NDArray
        The array to crop, and optionally an array whose (H, W) give the crop size.
    offset : tuple of int, default (0, 0)
        (y, x) of the crop's top-left corner.
    h_w : tuple of int, default (0, 0)
    center_crop : bool, default False
        Crop the centre instead of at ``offset``.
    """
    if not data or len(data) > 2:
        raise MXNetError("Operator Crop: takes one or two inputs, got %d" % len(data))
    x = data[0]
    if x.ndim != 4:
        raise MXNetError("Operator Crop: input data should be 4D in batch-num_filter-y-x, got "
                         "shape %s" % shape_str(x.shape))
    if len(data) == 2:
        if data[1].ndim != 4:
            raise MXNetError("Operator Crop: crop_like should be 4D, got shape %s"
                             % shape_str(data[1].shape))
        h, w = int(data[1].shape[2]), int(data[1].shape[3])
    else:
        h, w = (int(v) for v in h_w)
    H, W = int(x.shape[2]), int(x.shape[3])
    if center_crop:
        oy, ox = (H - h) // 2, (W - w) // 2
    else:
        oy, ox = (int(v) for v in offset)
    if h <= 0 or w <= 0 or oy < 0 or ox < 0 or oy + h > H or ox + w > W:
        raise MXNetError("Operator Crop: crop %s at offset %s does not fit input shape %s"
                         % ((h, w), (oy, ox), shape_str(x.shape)))
    return x[:, :, oy:oy + h, ox:ox + w]


# ---------------------------------------------------------------------------
# im2col / col2im


def _conv_params(name, spatial, kernel, stride, dilate, pad):
    k = tuple(int(v) for v in kernel)
    if len(k) != spatial:
        raise MXNetError("Operator %s: kernel %s does not match the %d spatial axes of the input"
                         % (name, k, spatial))
    s = tuple(int(v) for v in stride) if stride else (1,) * spatial
    d = tuple(int(v) for v in dilate) if dilate else (1,) * spatial
    p = tuple(int(v) for v in pad) if pad else (0,) * spatial
    if not (len(s) == len(d) == len(p) == spatial):
        raise MXNetError("Operator %s: stride %s, dilate %s and pad %s must have %d values"
                         % (name, s, d, p, spatial))
    return k, s, d, p


def _im2col(data, k, s, d, p):
    n, c = data.shape[:2]
    patches = lax.conv_general_dilated_patches(
        data, filter_shape=k, window_strides=s, padding=[(q, q) for q in p],
        rhs_dilation=d, precision=lax.Precision.HIGHEST)
    return patches.reshape((n, c * int(np.prod(k)), -1))


@register("im2col")
def im2col(data, *, kernel, stride=(), dilate=(), pad=()):
    """Unfold sliding patches: (N, C, *spatial) -> (N, C*prod(kernel), L).

    Parameters
    ----------
    data : NDArray
    kernel : tuple of int
    stride, dilate, pad : tuple of int, optional
        Defaults 1, 1 and 0 per spatial axis.
    """
    if data.ndim != 4:
        raise MXNetError("Operator im2col: only 2-D kernels on (N, C, H, W) input are supported "
                         "(as MXNet), got shape %s" % shape_str(data.shape))
    spatial = 2
    k, s, d, p = _conv_params("im2col", spatial, kernel, stride, dilate, pad)
    for i in range(spatial):
        if data.shape[2 + i] + 2 * p[i] < d[i] * (k[i] - 1) + 1:
            raise MXNetError("Operator im2col: kernel %s (dilate %s) is larger than the padded "
                             "input %s" % (k, d, shape_str(data.shape)))
    return _im2col(data, k, s, d, p)


@register("col2im")
def col2im(data, *, output_size, kernel, stride=(), dilate=(), pad=()):
    """Fold patches back, summing overlaps: (N, C*prod(kernel), L) -> (N, C, *output_size)."""
    import jax
    out_sz = tuple(int(v) for v in output_size)
    spatial = len(out_sz)
    if spatial != 2:
        raise MXNetError("Operator col2im: only 2-D output_size is supported (as MXNet), got %s"
                         % (out_sz,))
    k, s, d, p = _conv_params("col2im", spatial, kernel, stride, dilate, pad)
    kk = int(np.prod(k))
    if data.ndim != 3 or data.shape[1] % kk:
        raise MXNetError("Operator col2im: input shape %s is not (N, C*%d, L)"
                         % (shape_str(data.shape), kk))
    n, c = data.shape[0], data.shape[1] // kk
    cols = [(o + 2 * q - (dd * (kq - 1) + 1)) // st + 1
            for o, q, dd, kq, st in zip(out_sz, p, d, k, s)]
    if int(np.prod(cols)) != data.shape[2]:
        raise MXNetError("Operator col2im: input shape %s does not match output_size %s with "
                         "kernel %s" % (shape_str(data.shape), out_sz, k))
    proto = jax.ShapeDtypeStruct((n, c) + out_sz, data.dtype)
    fold = jax.linear_transpose(lambda img: _im2col(img, k, s, d, p), proto)
    return fold(data)[0]
