"""Neural-network operators (other than convolution, pooling and normalisation).

Dropout, Activation, LeakyReLU, softmax/log_softmax/softmin, SoftmaxActivation,
FullyConnected, Embedding, and MXNet's loss layers whose gradient is defined by
MXNet rather than by the forward (SoftmaxOutput, the regression outputs,
SVMOutput, MakeLoss, BlockGrad): those use ``jax.custom_vjp``.
"""
import math

import numpy as np
import jax
import jax.numpy as jnp

from ...base import MXNetError, shape_str, np_dtype
from ..registry import register
from ..random_keys import key_from
from ._util import norm_axis, same_dtype
from .elemwise import expm1


# ---------------------------------------------------------------------------
# Dropout


@register("Dropout", random=True, train_aware=True)
def dropout(key, data, *, p=0.5, mode="training", axes=(), cudnn_off=False, _train=False):
    """Zero elements with probability ``p`` and scale the rest by 1/(1-p).

    Active while training (``autograd.record()``/``train_mode()``) or with
    ``mode='always'``; the identity otherwise. ``axes`` share one mask along them.
    The mask is drawn from the operator's key input, so backward reuses it.
    """
    if mode not in ("training", "always"):
        raise MXNetError("Operator Dropout: Invalid Input: %r, valid values are: "
                         "{'always', 'training'}" % (mode,))
    if not 0 <= p <= 1:
        raise MXNetError("Operator Dropout: p must be in [0, 1], got %r" % (p,))
    active = _train or mode == "always"
    if not active or p == 0:
        return data
    if p == 1:
        return jnp.zeros_like(data)
    mask_shape = list(data.shape)
    for a in norm_axis(tuple(axes) if axes else None, data.ndim, "axes") or ():
        mask_shape[a] = 1
    keep = jax.random.bernoulli(key_from(key), 1.0 - p, tuple(mask_shape))
    scale = jnp.asarray(1.0 / (1.0 - p), data.dtype)
    return data * keep.astype(data.dtype) * scale


# ---------------------------------------------------------------------------
# Activation, LeakyReLU


@jax.custom_vjp
def _relu(x):
    return jnp.where(x > 0, x, jnp.zeros_like(x))


def _relu_fwd(x):
    y = _relu(x)
    return y, y


def _relu_bwd(y, g):
    # the gradient from the output (y > 0 exactly where x > 0): see ops/elemwise.py
    return (jnp.where(y > 0, g, jnp.zeros_like(g)),)


_relu.defvjp(_relu_fwd, _relu_bwd)


_ACTS = {"relu": _relu, "sigmoid": jax.nn.sigmoid, "tanh": jnp.tanh,
         "softrelu": jax.nn.softplus, "softsign": lambda x: x / (1 + jnp.abs(x))}


def _invalid(op, arg, value, valid):
    return MXNetError("Operator %s: Invalid Input: %r for %s, valid values are: {%s}"
                      % (op, value, arg, ", ".join("'%s'" % v for v in sorted(valid))))


@register("Activation")
def activation(data, *, act_type):
    """Element-wise activation ``act_type``: relu, sigmoid, tanh, softrelu or softsign.

    Parameters
    ----------
    data : NDArray
    act_type : {'relu', 'sigmoid', 'softrelu', 'softsign', 'tanh'}
    """
    f = _ACTS.get(act_type)
    if f is None:
        raise _invalid("Activation", "act_type", act_type, _ACTS)
    return f(data)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_LAMBDA = 1.0507009873554804934193349852946
_LEAKY_TYPES = ("elu", "gelu", "leaky", "prelu", "rrelu", "selu")


def _gamma_shape(gamma_shape, data_shape):
    """Align gamma with data along axes 0 and 1 (MXNet's rule for prelu)."""
    out = [1] * len(data_shape)
    s = len(gamma_shape) - 1
    for i in range(len(data_shape) - 1, -1, -1):
        if s >= 0 and i <= 1 and (data_shape[i] == gamma_shape[s] or gamma_shape[s] == 1):
            out[i] = gamma_shape[s]
            s -= 1
    if s != -1:
        raise MXNetError("Operator LeakyReLU: Cannot broadcast gamma to data. gamma: %s, "
                         "data: %s" % (shape_str(gamma_shape), shape_str(data_shape)))
    return tuple(out)


@jax.custom_vjp
def _selu(x):
    pos = x > 0
    neg = jnp.where(pos, jnp.zeros_like(x), x)
    alpha = jnp.asarray(_SELU_ALPHA, x.dtype)
    return jnp.asarray(_SELU_LAMBDA, x.dtype) * jnp.where(pos, x, alpha * expm1(neg))


def _selu_bwd(res, g):
    # MXNet's SELU derivative for x <= 0 is lambda * (out + alpha), not out + lambda*alpha
    x, y = res
    lam = jnp.asarray(_SELU_LAMBDA, x.dtype)
    return (g * jnp.where(x > 0, lam, lam * (y + jnp.asarray(_SELU_ALPHA, x.dtype))),)


def _selu_fwd(x):
    y = _selu(x)
    return y, (x, y)


_selu.defvjp(_selu_fwd, _selu_bwd)


def _prelu_shapes(attrs, ins, outs):
    """Symbol shape rule: prelu's gamma is a vector over the data's channel axis."""
    if len(ins) > 1 and ins[0] and len(ins[0]) > 1:
        ins[1] = (ins[0][1],)
    return ins, outs


@register("LeakyReLU", random=True, train_aware=True, shape_rule=_prelu_shapes)
def leaky_relu(key, data, gamma=None, *, act_type="leaky", slope=0.25, lower_bound=0.125,
               upper_bound=0.334, _train=False):
    """Leaky rectifiers: ``x`` for ``x > 0``, something smaller otherwise.

    Parameters
    ----------
    data : NDArray
    gamma : NDArray, optional
        Learned slopes for ``act_type='prelu'`` (shape ``(C,)`` aligned with axis 1, or
        ``(1,)``).
    act_type : {'leaky', 'prelu', 'elu', 'selu', 'gelu', 'rrelu'}, default 'leaky'
        ``leaky``: ``slope * x``; ``elu``: ``slope * (exp(x) - 1)``; ``selu``: scaled
        ELU; ``gelu``: ``x * Phi(x)``; ``rrelu``: a random slope in
        ``[lower_bound, upper_bound)`` while training, their mean otherwise.
    slope : float, default 0.25
    lower_bound, upper_bound : float, default 0.125, 0.334

    Returns
    -------
    NDArray, or ``[out, mask]`` for ``rrelu`` (``mask`` holds the slopes drawn).
    """
    if act_type not in _LEAKY_TYPES:
        raise _invalid("LeakyReLU", "act_type", act_type, _LEAKY_TYPES)
    if act_type == "prelu":
        if gamma is None:
            raise MXNetError("Operator LeakyReLU expects 2 inputs (data, gamma) for "
                             "act_type='prelu', but got 1")
        same_dtype("LeakyReLU", data, gamma)
        g = gamma.reshape(_gamma_shape(gamma.shape, data.shape))
        return jnp.where(data > 0, data, g * data)
    if gamma is not None:
        raise MXNetError("Operator LeakyReLU expects 1 input for act_type=%r, but got 2"
                         % (act_type,))
    pos = data > 0
    if act_type == "leaky":
        return jnp.where(pos, data, data * jnp.asarray(slope, data.dtype))
    if act_type == "elu":
        neg = jnp.where(pos, jnp.zeros_like(data), data)
        return jnp.where(pos, data, jnp.asarray(slope, data.dtype) * expm1(neg))
    if act_type == "selu":
        return _selu(data)
    if act_type == "gelu":
        half = jnp.asarray(0.5, data.dtype)
        return half * data * (1 + jax.lax.erf(data / jnp.asarray(math.sqrt(2.0), data.dtype)))
    # rrelu
    if _train:
        slopes = jax.random.uniform(key_from(key), data.shape, dtype=jnp.float32,
                                    minval=lower_bound, maxval=upper_bound).astype(data.dtype)
        mask = slopes
    else:
        slopes = jnp.asarray((lower_bound + upper_bound) / 2.0, data.dtype)
        mask = jnp.zeros_like(data)
    return jnp.where(pos, data, slopes * data), jax.lax.stop_gradient(mask)


# ---------------------------------------------------------------------------
# softmax family


def _length_mask(shape, length, axis):
    """Boolean mask: position along ``axis`` < length (length has ``axis`` removed)."""
    if tuple(length.shape) != tuple(shape[:axis] + shape[axis + 1:]):
        raise MXNetError("Operator softmax: Shape inconsistent, Provided = %s, inferred "
                         "shape=%s for length" % (shape_str(length.shape),
                                                  shape_str(shape[:axis] + shape[axis + 1:])))
    if not jnp.issubdtype(length.dtype, jnp.integer):
        raise MXNetError("Operator softmax: length only supports integer types, not %s"
                         % np.dtype(length.dtype).name)
    bshape = [1] * len(shape)
    bshape[axis] = shape[axis]
    steps = jnp.arange(shape[axis], dtype=jnp.int32).reshape(bshape)
    return steps < jnp.expand_dims(length.astype(jnp.int32), axis)


def _masked_softmax(x, mask, axis, log):
    """(log-)softmax over the positions where ``mask`` holds; 0 elsewhere."""
    low = jnp.asarray(jnp.finfo(x.dtype).min, x.dtype)
    m = jnp.max(jnp.where(mask, x, low), axis=axis, keepdims=True)
    z = jnp.where(mask, x - jax.lax.stop_gradient(m), jnp.zeros_like(x))
    e = jnp.where(mask, jnp.exp(z), jnp.zeros_like(x))
    s = jnp.sum(e, axis=axis, keepdims=True)
    s = jnp.where(s > 0, s, jnp.ones_like(s))
    if log:
        return jnp.where(mask, z - jnp.log(s), jnp.zeros_like(x))
    return e / s


def _softmax_common(name, data, length, axis, temperature, use_length, log, dtype):
    ax = norm_axis(axis, data.ndim)[0]
    x = data
    if temperature is not None and temperature != 1.0:
        x = x / jnp.asarray(temperature, data.dtype)
    if dtype is not None:
        dt = np_dtype(dtype)
        if dt not in (np.float16, np.float32, np.float64):
            raise _invalid(name, "dtype", dtype, ("float16", "float32", "float64"))
        x = x.astype(dt)
    if use_length:
        if length is None:
            raise MXNetError("Operator %s expects 2 inputs (data, length) with "
                             "use_length=True, but got 1" % name)
        return _masked_softmax(x, _length_mask(data.shape, length, ax), ax, log)
    return jax.nn.log_softmax(x, axis=ax) if log else jax.nn.softmax(x, axis=ax)


@register("softmax")
def softmax(data, length=None, *, axis=-1, temperature=None, dtype=None, use_length=False):
    """Softmax along ``axis``: ``exp(x / T) / sum(exp(x / T))``.

    Parameters
    ----------
    data : NDArray
    length : NDArray of int, optional
        With ``use_length=True``: how many leading positions along ``axis`` take part
        (shape ``data.shape`` without ``axis``); the others are 0.
    axis : int, default -1
    temperature : float, optional
    dtype : {None, 'float16', 'float32', 'float64'}
        Output type (default: the input's).
    use_length : bool, default False
    """
    return _softmax_common("softmax", data, length, axis, temperature, use_length, False,
                           dtype)


@register("log_softmax")
def log_softmax(data, *, axis=-1, temperature=None, dtype=None, use_length=False):
    """Log of the softmax along ``axis`` (see ``softmax``)."""
    return _softmax_common("log_softmax", data, None, axis, temperature, use_length, True,
                           dtype)


@register("softmin")
def softmin(data, *, axis=-1, temperature=None, dtype=None, use_length=False):
    """Softmax of the negated input along ``axis`` (see ``softmax``)."""
    return _softmax_common("softmin", -data, None, axis, temperature, use_length, False,
                           dtype)


@jax.custom_vjp
def _softmax_activation_instance(x):
    return jax.nn.softmax(x, axis=-1)


def _sai_fwd(x):
    y = _softmax_activation_instance(x)
    return y, y


def _sai_bwd(y, g):
    # MXNet 1.9.1 back-propagates instance mode on >2-d data as if the softmax ran
    # over axis 1 (the channel formula), although the forward runs over the last axis.
    return (y * (g - jnp.sum(g * y, axis=1, keepdims=True)),)


_softmax_activation_instance.defvjp(_sai_fwd, _sai_bwd)


@register("SoftmaxActivation")
def softmax_activation(data, *, mode="instance"):
    """Softmax over the last axis (``mode='instance'``) or over axis 1 (``'channel'``)."""
    if mode == "instance":
        if data.ndim <= 2:
            return jax.nn.softmax(data, axis=-1)
        return _softmax_activation_instance(data)
    if mode == "channel":
        if data.ndim < 2:
            raise MXNetError("Operator SoftmaxActivation: mode='channel' needs at least 2 "
                             "dimensions, got data of shape %s" % shape_str(data.shape))
        return jax.nn.softmax(data, axis=1)
    raise _invalid("SoftmaxActivation", "mode", mode, ("channel", "instance"))


# ---------------------------------------------------------------------------
# FullyConnected, Embedding


def _fc_shapes(attrs, ins, outs):
    """Symbol shape rule: weight (num_hidden, in_units) and bias from the data's shape;
    the data's batch dimension from the output's when only that is known."""
    data, nh = ins[0], int(attrs["num_hidden"])
    if data and outs and outs[0] and outs[0][0] and not data[0]:
        data = ins[0] = (outs[0][0],) + tuple(data[1:])  # the batch from the output (MXNet)
    if data:
        if attrs.get("flatten", True):
            k = int(np.prod(data[1:])) if all(data[1:]) else 0
            outs[0] = (data[0], nh)
        else:
            k = data[-1]
            outs[0] = tuple(data[:-1]) + (nh,)
        ins[1] = (nh, k)
        if len(ins) > 2:
            ins[2] = (nh,)
    return ins, outs


@register("FullyConnected", shape_rule=_fc_shapes)
def fully_connected(data, weight, bias=None, *, num_hidden, no_bias=False, flatten=True):
    """``data @ weight.T + bias`` with weight of shape (num_hidden, in_units).

    Parameters
    ----------
    data : NDArray
        Flattened to ``(batch, -1)`` when ``flatten`` (default); otherwise the last axis
        is the input axis.
    weight : NDArray, shape (num_hidden, in_units)
    bias : NDArray, shape (num_hidden,), optional (absent with ``no_bias=True``)
    num_hidden : int
    no_bias : bool, default False
    flatten : bool, default True
    """
    num_hidden = int(num_hidden)
    if flatten:
        # (batch, -1); a 1-D input is a batch of one-feature rows, as MXNet: (n,) -> (n, 1)
        x = data.reshape((data.shape[0], -1))
    else:
        x = data
    expected = (num_hidden, x.shape[-1])
    if tuple(weight.shape) != expected:
        raise MXNetError("Operator FullyConnected: Shape inconsistent, weight of shape %s "
                         "does not fit data of shape %s with num_hidden=%d (expected %s)"
                         % (shape_str(weight.shape), shape_str(data.shape), num_hidden,
                            shape_str(expected)))
    same_dtype("FullyConnected", data, weight)
    out = jnp.matmul(x, weight.T)
    if not no_bias:
        if bias is None:
            raise MXNetError("Operator FullyConnected expects 3 inputs (data, weight, bias) "
                             "unless no_bias=True, but got 2")
        if tuple(bias.shape) != (num_hidden,):
            raise MXNetError("Operator FullyConnected: Shape inconsistent, bias of shape %s, "
                             "expected %s" % (shape_str(bias.shape), shape_str((num_hidden,))))
        same_dtype("FullyConnected", data, bias)
        out = out + bias
    return out


def _embedding_shapes(attrs, ins, outs):
    """Symbol shape rule: weight (input_dim, output_dim)."""
    ins[1] = (int(attrs["input_dim"]), int(attrs["output_dim"]))
    if ins[0] is not None:
        outs[0] = tuple(ins[0]) + (int(attrs["output_dim"]),)
    return ins, outs


@register("Embedding", shape_rule=_embedding_shapes, aliases=("_contrib_SparseEmbedding",))
def embedding(data, weight, *, input_dim, output_dim, dtype="float32", sparse_grad=False):
    """Rows of ``weight`` picked by the indices in ``data``.

    Indices are truncated to integers and clipped to ``[0, input_dim)``. The output has
    shape ``data.shape + (output_dim,)`` and the weight's dtype; the gradient of
    ``weight`` adds each output row's gradient into the row it came from
    (``sparse_grad`` is accepted; the gradient is dense).
    """
    expected = (int(input_dim), int(output_dim))
    if tuple(weight.shape) != expected:
        raise MXNetError("Operator Embedding: Shape inconsistent, Provided = %s, inferred "
                         "shape=%s for weight" % (shape_str(weight.shape), shape_str(expected)))
    idx = jnp.clip(jax.lax.stop_gradient(data).astype(jnp.int32), 0, expected[0] - 1)
    return jnp.take(weight, idx, axis=0)


# ---------------------------------------------------------------------------
# Loss layers with MXNet's own gradients


def _as_label(name, label, shape):
    """The label viewed with the data's shape (same batch size and element count)."""
    if label.shape[:1] != shape[:1] or label.size != int(np.prod(shape)):
        raise MXNetError("Operator %s: Shape inconsistent, Provided = %s, inferred shape=%s "
                         "for label" % (name, shape_str(label.shape), shape_str(shape)))
    return label.reshape(shape)


def _output_layer(fwd_fn, grad_fn):
    """An op whose value is ``fwd_fn(x)`` and whose data gradient is
    ``grad_fn(out, label)`` whatever the head gradient (label gets zero)."""
    @jax.custom_vjp
    def f(x, lab):
        return fwd_fn(x)

    def fwd(x, lab):
        y = fwd_fn(x)
        return y, (y, lab)

    def bwd(res, g):
        y, lab = res
        return grad_fn(y, lab).astype(y.dtype), None

    f.defvjp(fwd, bwd)
    return f


def _regression(name, data, label, grad_scale, fwd_fn, diff_fn):
    lab = _as_label(name, label, data.shape)
    num_output = label.size // label.shape[0] if label.ndim else 1
    scale = float(grad_scale) / num_output

    def grad(y, lab_):
        return diff_fn(y - lab_.reshape(y.shape).astype(y.dtype)) * jnp.asarray(scale, y.dtype)

    return _output_layer(fwd_fn, grad)(data, lab).astype(data.dtype)


def _regression_shapes(attrs, ins, outs):
    """Symbol shape rule: the label has the data's shape."""
    if ins[0] is not None and len(ins) > 1 and ins[1] is None:
        ins[1] = tuple(ins[0])
    return ins, outs


@register("LinearRegressionOutput", shape_rule=_regression_shapes)
def linear_regression_output(data, label, *, grad_scale=1.0):
    """Identity forward; gradient ``(out - label) * grad_scale / num_output``.

    ``num_output`` is the number of label elements per sample; the head gradient is
    ignored (this is a loss layer).
    """
    return _regression("LinearRegressionOutput", data, label, grad_scale, lambda x: x,
                       lambda d: d)


@register("LogisticRegressionOutput", shape_rule=_regression_shapes)
def logistic_regression_output(data, label, *, grad_scale=1.0):
    """``sigmoid(data)``; gradient ``(out - label) * grad_scale / num_output``."""
    return _regression("LogisticRegressionOutput", data, label, grad_scale, jax.nn.sigmoid,
                       lambda d: d)


@register("MAERegressionOutput", shape_rule=_regression_shapes)
def mae_regression_output(data, label, *, grad_scale=1.0):
    """Identity forward; gradient ``sign(out - label) * grad_scale / num_output``."""
    return _regression("MAERegressionOutput", data, label, grad_scale, lambda x: x,
                       jnp.sign)


@register("SVMOutput")
def svm_output(data, label, *, margin=1.0, regularization_coefficient=1.0, use_linear=False):
    """Identity forward; the gradient of the (L2 or L1) multi-class hinge loss.

    Data is ``(batch, classes)`` (leading axes are flattened into the batch), label the
    class of each row. With ``use_linear`` the L1-SVM gradient is used.
    """
    shape = data.shape
    n = int(np.prod(shape[:-1])) if data.ndim > 1 else 1
    if label.size != n:
        raise MXNetError("Operator SVMOutput: Shape inconsistent, label of shape %s for "
                         "data of shape %s" % (shape_str(label.shape), shape_str(shape)))
    m = jnp.asarray(margin, data.dtype)
    c = jnp.asarray(regularization_coefficient, data.dtype)

    def grad(y, lab):
        y2 = y.reshape((n, shape[-1]))
        k = lab.reshape((n,)).astype(jnp.int32)
        is_k = jnp.arange(shape[-1], dtype=jnp.int32)[None, :] == k[:, None]
        if use_linear:
            g = jnp.where(is_k, -(m > y2).astype(y.dtype) * c, (m > -y2).astype(y.dtype) * c)
        else:
            g = jnp.where(is_k, jnp.where(m > y2, -2 * (m - y2) * c, 0),
                          jnp.where(m > -y2, 2 * (m + y2) * c, 0))
        return g.reshape(shape)

    return _output_layer(lambda x: x, grad)(data, label)


def _softmax_output_grad(y, lab, k_axis, grad_scale, ignore_label, use_ignore,
                         normalization, smooth_alpha, batch):
    k = y.shape[k_axis]
    lab_i = lab.astype(jnp.int32)
    onehot = jax.nn.one_hot(lab_i, k, axis=k_axis, dtype=y.dtype)
    if smooth_alpha:
        a = jnp.asarray(smooth_alpha, y.dtype)
        onehot = onehot * (1 - a) + (1 - onehot) * (a / (k - 1))
    grad = y - onehot
    ignored = lab_i == int(ignore_label)
    if use_ignore:
        grad = jnp.where(jnp.expand_dims(ignored, k_axis), jnp.zeros_like(grad), grad)
    if normalization == "batch":
        grad = grad * jnp.asarray(grad_scale / batch, y.dtype)
    elif normalization == "valid":
        cnt = jnp.maximum(lab.size - jnp.sum(ignored), 1).astype(y.dtype)
        grad = grad * (jnp.asarray(grad_scale, y.dtype) / cnt)
    else:
        grad = grad * jnp.asarray(grad_scale, y.dtype)
    return grad


def _softmax_output_shapes(attrs, ins, outs):
    """Symbol shape rule: the label is the data's shape without the class axis."""
    data = ins[0]
    if data and len(ins) > 1 and ins[1] is None:
        if attrs.get("multi_output", False):
            ins[1] = (data[0],) + tuple(data[2:])
        else:
            ins[1] = tuple(data[:-1])
    return ins, outs


@register("SoftmaxOutput", aliases=("Softmax",), shape_rule=_softmax_output_shapes)
def softmax_output(data, label, *, grad_scale=1.0, ignore_label=-1.0, multi_output=False,
                   use_ignore=False, preserve_shape=False, normalization="null",
                   out_grad=False, smooth_alpha=0.0):
    """Softmax whose gradient is ``softmax(x) - one_hot(label)`` (MXNet's loss layer).

    Parameters
    ----------
    data : NDArray
    label : NDArray
        Class indices: shape ``(N,)`` by default (data is flattened to ``(N, -1)``),
        ``data.shape[:-1]`` with ``preserve_shape`` (softmax over the last axis), or
        ``(N, d1, ...)`` with ``multi_output`` (softmax over axis 1 of ``(N, K, d1, ...)``).
    grad_scale : float, default 1
    ignore_label : float, default -1
        Rows with this label get a zero gradient when ``use_ignore``.
    normalization : {'null', 'batch', 'valid'}
        Divide the gradient by 1, the batch size, or the number of labels that are
        not ``ignore_label``.
    out_grad : bool, default False
        Documented by MXNet as "multiply the gradient by the head gradient"; MXNet 1.9.1
        multiplies it by the output instead, and so does this operator. The head
        gradient is always ignored.
    smooth_alpha : float, default 0
        Label smoothing: the target is ``1 - alpha`` on the label, ``alpha / (K - 1)``
        elsewhere.
    """
    if normalization not in ("null", "batch", "valid"):
        raise _invalid("SoftmaxOutput", "normalization", normalization,
                       ("batch", "null", "valid"))
    shape = data.shape
    n = shape[0]
    if multi_output:
        if data.ndim < 2:
            raise MXNetError("Operator SoftmaxOutput: multi_output needs data with at least "
                             "2 dimensions, got %s" % shape_str(shape))
        work_shape = (n, shape[1], int(np.prod(shape[2:])))
        lab_shape = (n, work_shape[2])
        k_axis = 1
    elif preserve_shape:
        work_shape = (int(np.prod(shape[:-1])), shape[-1])
        lab_shape = (work_shape[0],)
        k_axis = 1
    else:
        work_shape = (n, int(np.prod(shape[1:])))
        lab_shape = (n,)
        k_axis = 1
    expected = shape[:1] + shape[2:] if multi_output else shape[:-1] if (
        preserve_shape or data.ndim > 2) else shape[:1]
    if tuple(label.shape) != tuple(expected) and label.size != int(np.prod(lab_shape)):
        raise MXNetError("Operator SoftmaxOutput: Shape inconsistent, Provided = %s, inferred "
                         "shape=%s for label" % (shape_str(label.shape), shape_str(expected)))
    if label.size == int(np.prod(lab_shape)):
        lab = label.reshape(lab_shape)
    else:  # MXNet uses the first N labels in this case
        lab = label.reshape((-1,))[:n]
    batch = lab_shape[0]
    if multi_output and normalization != "valid":  # MXNet also divides by the spatial size
        grad_scale = grad_scale / work_shape[2]

    def forward(x):
        return jax.nn.softmax(x.reshape(work_shape), axis=k_axis).reshape(shape)

    @jax.custom_vjp
    def f(x, lab_):
        return forward(x)

    def fwd(x, lab_):
        y = forward(x)
        return y, (y, lab_)

    def bwd(res, g):
        y, lab_ = res
        grad = _softmax_output_grad(y.reshape(work_shape), lab_, k_axis, grad_scale,
                                    ignore_label, use_ignore, normalization, smooth_alpha,
                                    batch).reshape(shape)
        if out_grad:  # MXNet 1.9.1 multiplies by the output here, not the head gradient
            grad = grad * y
        return grad, None

    f.defvjp(fwd, bwd)
    out = f(data, lab)
    return out


@jax.custom_vjp
def _block_grad(x):
    return x


_block_grad.defvjp(lambda x: (x, None), lambda _, g: (jnp.zeros_like(g),))


@register("BlockGrad", aliases=("stop_gradient",))
def block_grad(data):
    """The input, with a zero gradient (nothing flows back through it)."""
    return _block_grad(data)


def _constant_grad(x, grad_of):
    """``x`` whose gradient is ``grad_of(x)`` whatever the head gradient."""
    @jax.custom_vjp
    def f(v):
        return v

    f.defvjp(lambda v: (v, v), lambda v, g: (grad_of(v).astype(g.dtype),))
    return f(x)


@register("MakeLoss")
def make_loss_op(data, *, grad_scale=1.0, valid_thresh=0.0, normalization="null"):
    """The input, used as a loss: its gradient is ``grad_scale`` (head gradient ignored).

    Parameters
    ----------
    normalization : {'null', 'batch', 'valid'}
        Divide the gradient by 1, by ``data.shape[0]``, or by the number of elements
        greater than ``valid_thresh`` (at least 1).
    """
    if normalization not in ("null", "batch", "valid"):
        raise _invalid("MakeLoss", "normalization", normalization, ("batch", "null", "valid"))

    def grad_of(v):
        scale = jnp.asarray(grad_scale, v.dtype)
        if normalization == "batch":
            scale = scale / v.shape[0]
        elif normalization == "valid":
            cnt = jnp.sum(v > jnp.asarray(valid_thresh, v.dtype)).astype(v.dtype)
            scale = scale / jnp.maximum(cnt, 1)
        return jnp.broadcast_to(scale, v.shape)

    return _constant_grad(data, grad_of)


@register("make_loss")
def make_loss(data):
    """The input, used as a loss: its gradient is 1 (the head gradient is ignored)."""
    return _constant_grad(data, jnp.ones_like)
