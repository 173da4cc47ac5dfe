"""Loss operators: CTCLoss (connectionist temporal classification),
softmax_cross_entropy, and the IdentityAttachKLSparseReg regulariser."""
import jax
import jax.numpy as jnp

from ...base import MXNetError, shape_str
from ...core.cache import jit_later
from ..registry import register


# ---------------------------------------------------------------------------
# softmax_cross_entropy


@register("softmax_cross_entropy")
def softmax_cross_entropy(data, label):
    """Summed cross entropy of ``softmax(data)`` against integer class labels.

    Parameters
    ----------
    data : NDArray, shape (batch, classes)
    label : NDArray, shape (batch,)

    Returns
    -------
    NDArray of shape (1,): ``-sum_i log(softmax(data)[i, label[i]])``.
    """
    if data.ndim != 2 or label.shape != data.shape[:1]:
        raise MXNetError("Operator softmax_cross_entropy: expects data of shape (batch, "
                         "classes) and label of shape (batch,), got data %s and label %s"
                         % (shape_str(data.shape), shape_str(label.shape)))
    logp = jax.nn.log_softmax(data, axis=-1)
    idx = jax.lax.stop_gradient(label).astype(jnp.int32)
    picked = jnp.take_along_axis(logp, idx[:, None], axis=1)
    return -jnp.sum(picked).reshape((1,))


# ---------------------------------------------------------------------------
# CTC


def _ctc_lengths(label, pad):
    """Label lengths from padding: the position of the first ``pad`` value (or L)."""
    is_pad = label == pad
    first = jnp.argmax(is_pad, axis=1).astype(jnp.int32)
    return jnp.where(jnp.any(is_pad, axis=1), first, jnp.int32(label.shape[1]))


def _ctc_nll(data, label, data_len, label_len, blank):
    """Negative log-likelihood per sequence (log-space forward algorithm).

    data: (T, N, C) unnormalised scores; label: (N, L) int32; lengths: (N,) int32.
    Returns (N,) in data's dtype, 0 where no alignment exists.
    """
    T, N, C = data.shape
    L = label.shape[1]
    S = 2 * L + 1
    dt = data.dtype
    neg = jnp.asarray(-1e30 if dt != jnp.float16 else -6e4, dt)
    logp = jax.nn.log_softmax(data, axis=-1)
    lab = jnp.clip(label, 0, C - 1)
    ext = jnp.full((N, S), blank, jnp.int32).at[:, 1::2].set(lab)
    same = jnp.zeros((N, S), bool).at[:, 2:].set(ext[:, 2:] == ext[:, :-2])
    can_skip = (jnp.arange(S) % 2 == 1)[None, :] & ~same
    emit = jnp.take_along_axis(logp, jnp.broadcast_to(ext[None], (T, N, S)), axis=2)
    s_idx = jnp.arange(S)[None, :]
    alpha0 = jnp.where(s_idx == 0, emit[0], neg)
    alpha0 = jnp.where((s_idx == 1) & (label_len[:, None] > 0), emit[0], alpha0)

    def step(alpha, inputs):
        t, e = inputs
        a1 = jnp.concatenate([jnp.full((N, 1), neg, dt), alpha[:, :-1]], axis=1)
        a2 = jnp.concatenate([jnp.full((N, 2), neg, dt), alpha[:, :-2]], axis=1)
        a2 = jnp.where(can_skip, a2, neg)
        m = jnp.maximum(jnp.maximum(alpha, a1), a2)
        m = jax.lax.stop_gradient(m)
        new = m + jnp.log(jnp.exp(alpha - m) + jnp.exp(a1 - m) + jnp.exp(a2 - m)) + e
        new = jnp.maximum(new, neg)
        return jnp.where((t < data_len)[:, None], new, alpha), None

    ts = jnp.arange(1, T, dtype=jnp.int32)
    alpha, _ = jax.lax.scan(step, alpha0, (ts, emit[1:]))
    end = 2 * label_len
    last = jnp.take_along_axis(alpha, end[:, None], axis=1)[:, 0]
    prev = jnp.take_along_axis(alpha, jnp.maximum(end - 1, 0)[:, None], axis=1)[:, 0]
    prev = jnp.where(label_len > 0, prev, neg)
    m = jax.lax.stop_gradient(jnp.maximum(last, prev))
    ll = m + jnp.log(jnp.exp(last - m) + jnp.exp(prev - m))
    feasible = (ll > neg / 2) & (data_len > 0)
    return jnp.where(feasible, -ll, jnp.zeros_like(ll))


# one program for the whole recursion: also fast to differentiate outside a compiled graph
_ctc_nll_jit = jit_later(_ctc_nll, static_argnums=4)


@register("CTCLoss", aliases=("ctc_loss", "_contrib_CTCLoss", "_contrib_ctc_loss"))
def ctc_loss(data, label, data_lengths=None, label_lengths=None, *, use_data_lengths=False,
             use_label_lengths=False, blank_label="first"):
    """Connectionist Temporal Classification loss, one value per sequence.

    Parameters
    ----------
    data : NDArray, shape (sequence_length, batch, alphabet_size)
        Unnormalised scores (a softmax is applied inside).
    label : NDArray, shape (batch, label_sequence_length)
        Label indices. Without ``use_label_lengths`` a label ends at the first padding
        value: 0 when ``blank_label='first'`` (labels are 1..C-1, the blank is 0), -1 when
        ``blank_label='last'`` (labels are 0..C-2, the blank is C-1).
    data_lengths : NDArray, shape (batch,), optional
        Used with ``use_data_lengths=True``: frames of each sequence.
    label_lengths : NDArray, shape (batch,), optional
        Used with ``use_label_lengths=True``: labels of each sequence.
    blank_label : {'first', 'last'}, default 'first'

    Returns
    -------
    NDArray of shape (batch,): the negative log-likelihood (0 where the label cannot
    be aligned to the data).
    """
    if blank_label not in ("first", "last"):
        raise MXNetError("Operator CTCLoss: Invalid Input: %r for blank_label, valid values "
                         "are: {'first', 'last'}" % (blank_label,))
    if data.ndim != 3 or label.ndim != 2 or label.shape[0] != data.shape[1]:
        raise MXNetError("Operator CTCLoss: expects data of shape (sequence_length, batch, "
                         "alphabet_size) and label of shape (batch, label_length), got data "
                         "%s and label %s" % (shape_str(data.shape), shape_str(label.shape)))
    T, N, C = data.shape
    lab = jax.lax.stop_gradient(label).astype(jnp.int32)
    if use_data_lengths:
        if data_lengths is None:
            raise MXNetError("Operator CTCLoss: use_data_lengths=True needs a data_lengths "
                             "input")
        if data_lengths.shape != (N,):
            raise MXNetError("Operator CTCLoss: data_lengths of shape %s, expected %s"
                             % (shape_str(data_lengths.shape), shape_str((N,))))
        dlen = jnp.clip(jax.lax.stop_gradient(data_lengths).astype(jnp.int32), 0, T)
    else:
        dlen = jnp.full((N,), T, jnp.int32)
    if use_label_lengths:
        if label_lengths is None:
            raise MXNetError("Operator CTCLoss: use_label_lengths=True needs a label_lengths "
                             "input")
        if label_lengths.shape != (N,):
            raise MXNetError("Operator CTCLoss: label_lengths of shape %s, expected %s"
                             % (shape_str(label_lengths.shape), shape_str((N,))))
        llen = jnp.clip(jax.lax.stop_gradient(label_lengths).astype(jnp.int32), 0,
                        label.shape[1])
    else:
        llen = _ctc_lengths(lab, 0 if blank_label == "first" else -1)
    blank = 0 if blank_label == "first" else C - 1
    return _ctc_nll_jit(data, lab, dlen, llen, blank)


# ---------------------------------------------------------------------------
# IdentityAttachKLSparseReg


@register("IdentityAttachKLSparseReg")
def identity_attach_kl_sparse_reg(data, moving_avg=None, *, sparseness_target=0.1,
                                  penalty=0.001, momentum=0.9):
    """Identity forward; backward adds a KL sparseness penalty to the gradient.

    The gradient is ``head + penalty * (-rho / a + (1 - rho) / (1 - a))`` with
    ``rho = sparseness_target`` and ``a = momentum * moving_avg + (1 - momentum) *
    mean(data, axis=0)`` per unit (axis 1), as in MXNet. ``moving_avg`` (MXNet's
    auxiliary state, shape ``(units,)``) defaults to zeros; it is an input here and is
    not updated in place.
    """
    if data.ndim < 2:
        raise MXNetError("Operator IdentityAttachKLSparseReg: data must have at least 2 "
                         "dimensions, got %s" % shape_str(data.shape))
    units = data.shape[1]
    if moving_avg is None:
        moving_avg = jnp.zeros((units,), data.dtype)
    elif moving_avg.shape != (units,):
        raise MXNetError("Operator IdentityAttachKLSparseReg: moving_avg of shape %s, "
                         "expected %s" % (shape_str(moving_avg.shape), shape_str((units,))))
    bshape = (1, units) + (1,) * (data.ndim - 2)
    axes = (0,) + tuple(range(2, data.ndim))

    @jax.custom_vjp
    def f(x, ma):
        return x

    def fwd(x, ma):
        return x, (x, ma)

    def bwd(res, g):
        x, ma = res
        a = momentum * ma.astype(x.dtype) + (1 - momentum) * jnp.mean(x, axis=axes)
        a = a.reshape(bshape)
        reg = penalty * (-sparseness_target / a + (1 - sparseness_target) / (1 - a))
        return (g + reg.astype(g.dtype), None)

    f.defvjp(fwd, bwd)
    return f(data, moving_avg)
