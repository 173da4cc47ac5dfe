"""Sequence operators on (time, batch, ...) arrays: SequenceMask, SequenceLast,
SequenceReverse (with optional per-batch lengths)."""
import jax.numpy as jnp

from ...base import MXNetError, shape_str
from ..registry import register


def _lengths(name, data, sequence_length, use_sequence_length, axis):
    """Per-batch lengths as int64 (None when every sequence is full length)."""
    if not use_sequence_length:
        if sequence_length is not None:
            raise MXNetError("Operator %s expects 1 input (data) when use_sequence_length is "
                             "False, but got 2" % name)
        return None
    if sequence_length is None:
        raise MXNetError("Operator %s: use_sequence_length=True needs a sequence_length input"
                         % name)
    batch = data.shape[1 - axis]
    if sequence_length.shape != (batch,):
        raise MXNetError("Operator %s: sequence_length shape %s must be (%d,) for data %s"
                         % (name, shape_str(sequence_length.shape), batch,
                            shape_str(data.shape)))
    return sequence_length.astype(jnp.int64)


def _check(name, data, axis, allowed):
    if data.ndim < 2:
        raise MXNetError("Operator %s: the data array must be of rank 2 or greater, got shape %s"
                         % (name, shape_str(data.shape)))
    if int(axis) not in allowed:
        raise MXNetError("Operator %s: current implementation expects axis to be %s, got %d"
                         % (name, " or ".join(str(a) for a in allowed), int(axis)))
    return int(axis)


def _time_major(x, axis):
    return x if axis == 0 else jnp.swapaxes(x, 0, 1)


@register("SequenceMask")
def sequence_mask(data, sequence_length=None, *, use_sequence_length=False, value=0.0, axis=0):
    """Set the steps past each sequence's length to ``value``.

    Parameters
    ----------
    data : NDArray
        (T, B, ...) for ``axis=0``, (B, T, ...) for ``axis=1``.
    sequence_length : NDArray, optional
        (B,) lengths (float lengths truncate), used when ``use_sequence_length``.
    use_sequence_length : bool, default False
    value : float, default 0
    axis : {0, 1}, default 0
    """
    ax = _check("SequenceMask", data, axis, (0, 1))
    lens = _lengths("SequenceMask", data, sequence_length, use_sequence_length, ax)
    if lens is None:
        return data
    x = _time_major(data, ax)
    t = jnp.arange(x.shape[0], dtype=jnp.int64).reshape((-1, 1) + (1,) * (x.ndim - 2))
    keep = t < lens.reshape((1, -1) + (1,) * (x.ndim - 2))
    out = jnp.where(keep, x, jnp.asarray(value, x.dtype))
    return _time_major(out, ax)


@register("SequenceLast")
def sequence_last(data, sequence_length=None, *, use_sequence_length=False, axis=0):
    """The last valid step of each sequence: (T, B, ...) -> (B, ...).

    Parameters
    ----------
    data : NDArray
    sequence_length : NDArray, optional
        (B,) lengths, used when ``use_sequence_length``; otherwise the last step is taken.
    use_sequence_length : bool, default False
    axis : {0, 1}, default 0
        The time axis.
    """
    ax = _check("SequenceLast", data, axis, (0, 1))
    lens = _lengths("SequenceLast", data, sequence_length, use_sequence_length, ax)
    x = _time_major(data, ax)
    if lens is None:
        return x[-1]
    last = jnp.clip(lens - 1, 0, x.shape[0] - 1)
    return x[last, jnp.arange(x.shape[1])]


@register("SequenceReverse")
def sequence_reverse(data, sequence_length=None, *, use_sequence_length=False, axis=0):
    """Reverse the first ``length`` steps of each sequence (the rest stays in place).

    Parameters
    ----------
    data : NDArray
        (T, B, ...).
    sequence_length : NDArray, optional
    use_sequence_length : bool, default False
    axis : {0}, default 0
    """
    _check("SequenceReverse", data, axis, (0,))
    lens = _lengths("SequenceReverse", data, sequence_length, use_sequence_length, 0)
    if lens is None:
        return jnp.flip(data, 0)
    steps = data.shape[0]
    t = jnp.arange(steps, dtype=jnp.int64)[:, None]
    src = jnp.where(t < lens[None, :], lens[None, :] - 1 - t, t)
    src = jnp.clip(src, 0, steps - 1)
    return data[src, jnp.arange(data.shape[1])[None, :]]
