"""Neural-network operators used by the foundation: Dropout, Activation, softmax,
FullyConnected, SoftmaxOutput (MXNet's own gradient)."""
import jax
import jax.numpy as jnp

from ...base import MXNetError, shape_str
from ..registry import register
from ..random_keys import key_from
from ._util import norm_axis


@register("Dropout", random=True, train_aware=True)
def dropout(key, data, *, p=0.5, mode="training", axes=(), cudnn_off=False, _train=False):
    """Zero elements with probability ``p`` and scale the rest by 1/(1-p).

    Active while training (``autograd.record()``/``train_mode()``) or with
    ``mode='always'``; the identity otherwise. ``axes`` share one mask along them.
    """
    if mode not in ("training", "always"):
        raise MXNetError("Operator Dropout: mode must be 'training' or 'always', got %r"
                         % (mode,))
    if not 0 <= p < 1 or (not _train and mode != "always") or p == 0:
        if not 0 <= p <= 1:
            raise MXNetError("Operator Dropout: p must be in [0, 1], got %r" % (p,))
        if p == 1 and (_train or mode == "always"):
            return jnp.zeros_like(data)
        return data
    mask_shape = list(data.shape)
    for a in axes or ():
        mask_shape[int(a)] = 1
    keep = jax.random.bernoulli(key_from(key), 1.0 - p, tuple(mask_shape))
    scale = jnp.asarray(1.0 / (1.0 - p), data.dtype)
    return data * keep.astype(data.dtype) * scale


def _softrelu(x):
    return jax.nn.softplus(x)


_ACTS = {"relu": lambda x: jnp.where(x > 0, x, jnp.zeros_like(x)), "sigmoid": jax.nn.sigmoid,
         "tanh": jnp.tanh, "softrelu": _softrelu, "softsign": lambda x: x / (1 + jnp.abs(x)),
         "log_sigmoid": jax.nn.log_sigmoid, "mish": lambda x: x * jnp.tanh(jax.nn.softplus(x))}


@register("Activation")
def activation(data, *, act_type):
    """Apply ``act_type``: relu, sigmoid, tanh, softrelu, softsign (also log_sigmoid, mish)."""
    f = _ACTS.get(act_type)
    if f is None:
        raise MXNetError("Operator Activation: unknown act_type %r, expected one of %s"
                         % (act_type, sorted(_ACTS)))
    return f(data)


def _length_mask(data, length, axis):
    steps = jnp.arange(data.shape[axis])
    shape = [1] * data.ndim
    shape[axis] = data.shape[axis]
    steps = steps.reshape(shape)
    lens = jnp.expand_dims(length.astype(jnp.int32), axis)
    return steps < lens


def _softmax_common(data, length, axis, temperature, use_length, log):
    ax = norm_axis(axis, data.ndim)[0]
    x = data if temperature is None or temperature == 1.0 else data / temperature
    if use_length:
        if length is None:
            raise MXNetError("Operator softmax: use_length=True needs a length input")
        mask = _length_mask(data, length, ax)
        x = jnp.where(mask, x, -jnp.inf)
        out = jax.nn.log_softmax(x, axis=ax) if log else jax.nn.softmax(x, axis=ax)
        return jnp.where(mask, out, jnp.zeros_like(out))
    return jax.nn.log_softmax(x, axis=ax) if log else jax.nn.softmax(x, axis=ax)


@register("softmax")
def softmax(data, length=None, *, axis=-1, temperature=None, dtype=None, use_length=False):
    """Softmax along ``axis`` with optional ``temperature`` and per-row ``length``."""
    out = _softmax_common(data, length, axis, temperature, use_length, False)
    return out.astype(dtype) if dtype is not None else out


@register("log_softmax")
def log_softmax(data, length=None, *, axis=-1, temperature=None, dtype=None, use_length=False):
    """Log of the softmax along ``axis``."""
    out = _softmax_common(data, length, axis, temperature, use_length, True)
    return out.astype(dtype) if dtype is not None else out


@register("softmin")
def softmin(data, length=None, *, axis=-1, temperature=None, dtype=None, use_length=False):
    """Softmax of the negated input."""
    out = _softmax_common(-data, length, axis, temperature, use_length, False)
    return out.astype(dtype) if dtype is not None else out


@register("FullyConnected")
def fully_connected(data, weight, bias=None, *, num_hidden, no_bias=False, flatten=True):
    """``data @ weight.T + bias`` with weight of shape (num_hidden, in_units)."""
    x = data.reshape((data.shape[0], -1)) if flatten else data
    if weight.shape[0] != num_hidden or weight.ndim != 2 or weight.shape[1] != x.shape[-1]:
        raise MXNetError("Operator FullyConnected: weight of shape %s does not fit data of "
                         "shape %s with num_hidden=%d (expected %s)"
                         % (shape_str(weight.shape), shape_str(data.shape), num_hidden,
                            shape_str((num_hidden, x.shape[-1]))))
    out = jnp.matmul(x, weight.T)
    if not no_bias:
        if bias is None:
            raise MXNetError("Operator FullyConnected: bias is required unless no_bias=True")
        out = out + bias
    return out


def _softmax_output(data, label, grad_scale, ignore_label, multi_output, use_ignore,
                    preserve_shape, normalization, smooth_alpha):
    @jax.custom_vjp
    def f(x, lab):
        return _so_forward(x)

    def _so_forward(x):
        if multi_output:
            return jax.nn.softmax(x, axis=1)
        if preserve_shape:
            return jax.nn.softmax(x, axis=-1)
        return jax.nn.softmax(x.reshape((x.shape[0], -1)), axis=-1).reshape(x.shape)

    def fwd(x, lab):
        y = _so_forward(x)
        return y, (y, lab)

    def bwd(res, g):
        y, lab = res
        axis = 1 if multi_output else -1
        yy = y if (multi_output or preserve_shape) else y.reshape((y.shape[0], -1))
        k = yy.shape[axis]
        lab_i = lab.astype(jnp.int32)
        onehot = jax.nn.one_hot(lab_i, k, axis=axis, dtype=y.dtype)
        if smooth_alpha:
            onehot = onehot * (1 - smooth_alpha) + (1 - onehot) * smooth_alpha / (k - 1)
        grad = yy - onehot
        valid = jnp.ones(lab.shape, y.dtype)
        if use_ignore:
            valid = (lab_i != int(ignore_label)).astype(y.dtype)
            grad = grad * jnp.expand_dims(valid, axis)
        scale = grad_scale
        if normalization == "batch":
            scale = scale / yy.shape[0]
        elif normalization == "valid":
            scale = scale / jnp.maximum(jnp.sum(valid), 1.0)
        grad = (grad * scale).reshape(y.shape)
        return grad, jnp.zeros_like(lab)

    f.defvjp(fwd, bwd)
    return f(data, label)


@register("SoftmaxOutput", aliases=("Softmax",))
def softmax_output(data, label, *, grad_scale=1.0, ignore_label=-1.0, multi_output=False,
                   use_ignore=False, preserve_shape=False, normalization="null",
                   out_grad=False, smooth_alpha=0.0):
    """Softmax whose gradient is ``softmax(x) - one_hot(label)`` (MXNet's loss layer).

    The head gradient is ignored, as in MXNet: the operator is its own loss.
    """
    return _softmax_output(data, label, grad_scale, ignore_label, multi_output, use_ignore,
                           preserve_shape, normalization, smooth_alpha)


@jax.custom_vjp
def _block_grad(x):
    return x


_block_grad.defvjp(lambda x: (x, None), lambda _, g: (jnp.zeros_like(g),))


@register("BlockGrad", aliases=("stop_gradient",))
def block_grad(data):
    """The input, with a zero gradient."""
    return _block_grad(data)


def _make_loss(x, scale):
    @jax.custom_vjp
    def f(v):
        return v

    f.defvjp(lambda v: (v, None), lambda _, g: (jnp.full_like(g, scale),))
    return f(x)


@register("MakeLoss", aliases=("make_loss",))
def make_loss(data, *, grad_scale=1.0, valid_thresh=0.0, normalization="null"):
    """The input, whose gradient is ``grad_scale`` (the head gradient is ignored)."""
    scale = grad_scale
    if normalization == "batch":
        scale = scale / data.shape[0]
    return _make_loss(data, scale)
