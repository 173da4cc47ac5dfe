"""Shape operators: Reshape (MXNet's special codes), slice, transpose, Cast, flatten ..."""
import numpy as np
import jax.numpy as jnp

from ...base import MXNetError, shape_str, np_dtype
from ..registry import register
from ._util import norm_axis


def infer_reshape(src, target, reverse=False):
    """The output shape of MXNet's Reshape for input shape ``src`` and codes ``target``.

    Codes: 0 copies an input dimension, -1 infers one, -2 copies all remaining,
    -3 merges two consecutive input dimensions, -4 splits one into the next two
    values (one of which may be -1). ``reverse`` matches codes from the right.
    """
    src = list(src)
    tgt = list(target)
    if reverse:
        src = src[::-1]
        tgt = tgt[::-1]
    out = []
    si = 0
    infer = -1
    i = 0
    bad = MXNetError("Operator Reshape: cannot reshape array of shape %s into shape %s"
                     % (shape_str(src[::-1] if reverse else src), tuple(target)))
    while i < len(tgt):
        p = tgt[i]
        if p == 0:
            if si >= len(src):
                raise bad
            out.append(src[si])
            si += 1
        elif p == -1:
            if infer >= 0:
                raise MXNetError("Operator Reshape: only one dimension can be inferred (-1) "
                                 "in shape %s" % (tuple(target),))
            infer = len(out)
            out.append(1)
            si += 1
        elif p == -2:
            out.extend(src[si:])
            si = len(src)
        elif p == -3:
            if si + 1 >= len(src):
                raise bad
            out.append(src[si] * src[si + 1])
            si += 2
        elif p == -4:
            if i + 2 >= len(tgt) + (0 if not reverse else 0) or si >= len(src):
                raise bad
            d0, d1 = tgt[i + 1], tgt[i + 2]
            if reverse:
                d0, d1 = d1, d0
            dim = src[si]
            si += 1
            if d0 == -1 and d1 == -1:
                raise bad
            if d0 == -1:
                d0 = dim // d1 if d1 else 0
            if d1 == -1:
                d1 = dim // d0 if d0 else 0
            if d0 * d1 != dim:
                raise bad
            out.extend([d1, d0] if reverse else [d0, d1])
            i += 2
        elif p > 0:
            out.append(p)
            si += 1
        else:
            raise bad
        i += 1
    total = int(np.prod(src, dtype=np.int64))
    if infer >= 0:
        rest = int(np.prod([d for j, d in enumerate(out) if j != infer], dtype=np.int64))
        if rest == 0 or total % rest:
            raise bad
        out[infer] = total // rest
    if int(np.prod(out, dtype=np.int64)) != total:
        raise bad
    if reverse:
        out = out[::-1]
    return tuple(int(d) for d in out)


@register("Reshape", aliases=("reshape",))
def reshape(data, *, shape=(), reverse=False, target_shape=None, keep_highest=False):
    """Reshape with MXNet's special codes (see ``infer_reshape``)."""
    return jnp.reshape(data, infer_reshape(data.shape, shape, reverse))


@register("reshape_like")
def reshape_like(lhs, rhs):
    """Reshape ``lhs`` to the shape of ``rhs``."""
    if lhs.size != rhs.size:
        raise MXNetError("Operator reshape_like: cannot reshape %s into %s"
                         % (shape_str(lhs.shape), shape_str(rhs.shape)))
    return jnp.reshape(lhs, rhs.shape)


@register("Flatten", aliases=("flatten",))
def flatten(data):
    """Collapse all but the first axis: (N, ...) -> (N, prod(...))."""
    if data.ndim == 0:
        return data.reshape((1, 1))
    return data.reshape((data.shape[0], -1))


@register("expand_dims")
def expand_dims(data, *, axis):
    """Insert an axis of length one at ``axis``."""
    nd = data.ndim + 1
    if axis < -nd or axis >= nd:
        raise MXNetError("Operator expand_dims: axis %d out of range for %d dimensions"
                         % (axis, data.ndim))
    return jnp.expand_dims(data, axis % nd)


@register("transpose")
def transpose(data, *, axes=()):
    """Permute axes (reverse them when ``axes`` is empty)."""
    if not axes:
        return jnp.transpose(data)
    if sorted(int(a) % max(data.ndim, 1) for a in axes) != list(range(data.ndim)):
        raise MXNetError("Operator transpose: axes %s do not permute the %d axes of shape %s"
                         % (tuple(axes), data.ndim, shape_str(data.shape)))
    return jnp.transpose(data, axes)


@register("Cast", aliases=("cast",))
def cast(data, *, dtype):
    """Convert to ``dtype`` (float to int truncates toward zero, as MXNet)."""
    return data.astype(np_dtype(dtype))


@register("slice", aliases=("crop", "_slice"))
def slice_(data, *, begin, end, step=()):
    """Slice each leading axis with ``begin``/``end``/``step`` (None for defaults)."""
    if len(begin) != len(end) or len(begin) > data.ndim or (step and len(step) != len(begin)):
        raise MXNetError("Operator slice: begin %s, end %s and step %s do not fit shape %s"
                         % (tuple(begin), tuple(end), tuple(step or ()),
                            shape_str(data.shape)))
    idx = []
    for i, (b, e) in enumerate(zip(begin, end)):
        s = step[i] if step else None
        idx.append(slice(b, e, s))
    return data[tuple(idx)]


@register("slice_axis")
def slice_axis(data, *, axis, begin, end):
    """Slice along one axis; ``end=None`` means to the end."""
    ax = norm_axis(axis, data.ndim)[0]
    idx = [slice(None)] * data.ndim
    idx[ax] = slice(begin, end)
    return data[tuple(idx)]
