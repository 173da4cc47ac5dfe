"""Normalisation operators: BatchNorm (BatchNorm_v1, contrib SyncBatchNorm and
BatchNormWithReLU), LayerNorm, InstanceNorm, GroupNorm, L2Normalization and LRN.

BatchNorm and its moving statistics
-----------------------------------
MXNet's BatchNorm takes ``moving_mean`` / ``moving_var`` as auxiliary states and
updates them in place while training. Operators in mxjax are pure JAX functions, so
the work is split in two:

* the registered operator (``nd._internal.BatchNorm`` ...) is pure. It always returns
  five arrays: the output, the two statistics MXNet can output (``output_mean_var``),
  and the *new* moving mean and variance
  ``moving * momentum + batch * (1 - momentum)`` (the batch variance is the biased
  one, as MXNet's). The statistics outputs and the new moving values carry no
  gradient (``stop_gradient``), and neither do the moving inputs.
* a thin Python function, exposed as ``nd.BatchNorm`` (``nd.BatchNorm_v1``,
  ``nd.contrib.SyncBatchNorm``, ``nd.contrib.BatchNormWithReLU``), calls the operator
  and returns what MXNet returns (the output, or ``[out, mean, var]`` with
  ``output_mean_var``). When the call was recorded in training mode (inside
  ``autograd.record()``) and ``use_global_stats`` is off, it then writes the new
  moving statistics into the ``moving_mean`` / ``moving_var`` NDArrays with
  ``_set_data`` -- concrete values, detached from any recorded graph, so a later
  step never differentiates through an old one.

  MXNet (CPU) performs that write during ``backward()``; mxjax performs it when the
  recorded forward runs. In the usual ``record`` / forward / ``backward`` step the
  result is the same; a recorded forward that is never differentiated does update
  the statistics in mxjax (and ``backward(retain_graph=True)`` twice updates them
  once, not twice).
* as MXNet's, ``fix_gamma=True`` uses a gamma of ones (gamma's gradient is 0) and
  writes ones into ``gamma`` (MXNet does so in the forward, or in the backward of a
  recorded call whose gamma has a gradient; the state after a step is the same).

The moving statistics and the operator outputs ``mean``/``var`` of a float16 input
are float32 (the parameters of a float16 BatchNorm are float32, as in MXNet).
"""
import sys
from functools import partial

import numpy as np
import jax
import jax.numpy as jnp
from jax import lax

from ...base import MXNetError, shape_str
from ..registry import register, get_op, invoke
from ._spatial import check_float, check_same_dtype
from ._util import count_elements
from ..handle import NDArray
from .. import registry
from ... import autograd

_sg = lax.stop_gradient


def _param_dtype(op, data, params, names):
    """MXNet's rule: parameters are float32 for float16 data, the data dtype otherwise."""
    want = np.dtype(np.float32) if data.dtype == jnp.float16 else np.dtype(data.dtype)
    for n, p in zip(names, params):
        if p is not None and np.dtype(p.dtype) != want:
            raise MXNetError("Operator %s: this layer requires uniform type. Expected '%s' "
                             "v.s. given '%s' at '%s'" % (op, want.name, np.dtype(p.dtype).name,
                                                          n))
    return want


def _f32(v):
    """A ``float`` attribute as MXNet parses it (single precision)."""
    return float(np.float32(v))


def _check_vec(op, name, arr, n):
    if arr is None:
        raise MXNetError("Operator %s: input %s is required" % (op, name))
    if tuple(arr.shape) != (n,):
        raise MXNetError("Operator %s: shape inconsistent for %s, provided %s, inferred "
                         "shape %s" % (op, name, shape_str(arr.shape), shape_str((n,))))


# ---------------------------------------------------------------------------
# The normalised affine map with MXNet's closed-form backward


def _sum_to(t, shape):
    """Sum ``t`` over the axes where ``shape`` has size 1 (keeping them)."""
    axes = tuple(i for i, (a, b) in enumerate(zip(t.shape, shape)) if b == 1 and a != 1)
    return jnp.sum(t, axis=axes, keepdims=True) if axes else t


def _inv_std(var, eps, form):
    if form == "std":
        return 1 / jnp.sqrt(var + jnp.asarray(eps, var.dtype))
    return lax.rsqrt(var + jnp.asarray(eps, var.dtype))


def _affine_forward(xc, gamma, beta, var, eps, form):
    """The output from the centred input ``xc = x - mean``."""
    if form == "bn":
        return xc * (_inv_std(var, eps, form) * gamma) + beta
    if form == "in":
        return xc * _inv_std(var, eps, form) * gamma + beta
    return xc / jnp.sqrt(var + jnp.asarray(eps, var.dtype)) * gamma + beta


def _half(x):
    return jnp.dtype(x.dtype).itemsize < 4


def _minus_mean(x, total, n):
    """``x - total / n`` (``total`` the sum of ``n`` elements of ``x``), exactly 0 where
    ``x`` is constant, as MXNet's kernels give. XLA multiplies by the rounded ``1 / n``
    instead of dividing, and XLA:CPU's elemental emitter fuses that product with the
    subtraction into one FMA, which sees the unrounded product: ``x - mean`` over a
    constant input came out as ``-4.8e-8`` (a GroupNorm of it ``1.5e-5``). Computed as
    ``(x * n - total) / n`` it is exact there, as precise elsewhere, and costs one
    multiplication; half precision keeps ``x - mean`` (``x * n`` could overflow)."""
    if _half(x):
        return x - total / n
    return (x * n - total) / n


def _centered(x, axes):
    """``(mean, biased var, x - mean)`` over ``axes`` (kept as size 1); half precision
    as ``jnp.mean`` computes it (accumulated in float32)."""
    if _half(x):
        mean = jnp.mean(x, axis=axes, keepdims=True)
        xc = x - mean
        return mean, jnp.mean(jnp.square(xc), axis=axes, keepdims=True), xc
    n = count_elements(x.shape, axes)
    total = jnp.sum(x, axis=axes, keepdims=True)
    xc = _minus_mean(x, total, n)
    return total / n, jnp.sum(jnp.square(xc), axis=axes, keepdims=True) / n, xc


@partial(jax.custom_vjp, nondiff_argnums=(3, 4, 5))
def _normalize(x, gamma, beta, axes, eps, form):
    """``(x - mean) / sqrt(var + eps) * gamma + beta`` with mean and (biased) var over
    ``axes``; ``gamma``/``beta`` broadcast against ``x`` (size 1 on ``axes``).

    ``form`` picks the forward's rounding: ``'bn'`` scales by ``rsqrt(var+eps)*gamma``,
    ``'in'`` by ``rsqrt(var+eps)`` then ``gamma``, ``'std'`` divides by ``sqrt(var+eps)``.
    The backward is MXNet's closed form (``batch_norm.cc``):
    ``dx = (dy - xc * sum(xc*dy) * inv^2 / N - sum(dy) / N) * inv * gamma``, so a
    constant gradient over a constant input gives exactly 0 whether the call is
    recorded op by op or compiled whole, as in MXNet.
    """
    _, var, xc = _centered(x, axes)
    return _affine_forward(xc, gamma, beta, var, eps, form)


def _normalize_fwd(x, gamma, beta, axes, eps, form):
    _, var, xc = _centered(x, axes)
    return _affine_forward(xc, gamma, beta, var, eps, form), (xc, gamma, beta, var)


def _normalize_bwd(axes, eps, form, res, dy):
    xc, gamma, beta, var = res
    n = count_elements(xc.shape, axes)
    inv = _inv_std(var, eps, form)
    sum_dy = jnp.sum(dy, axis=axes, keepdims=True)
    dotp = jnp.sum(xc * dy, axis=axes, keepdims=True)
    k = dotp * inv * inv / n
    dx = (_minus_mean(dy, sum_dy, n) - xc * k) * (inv * gamma)
    dgamma = _sum_to(dotp * inv, gamma.shape).reshape(gamma.shape)
    dbeta = _sum_to(sum_dy, beta.shape).reshape(beta.shape)
    return dx.astype(xc.dtype), dgamma.astype(gamma.dtype), dbeta.astype(beta.dtype)


_normalize.defvjp(_normalize_fwd, _normalize_bwd)


def _batch_norm(op, data, gamma, beta, moving_mean, moving_var, eps, momentum, fix_gamma,
                use_global_stats, axis, train, stat2):
    """The pure BatchNorm computation; see the module docstring for the five outputs.

    ``stat2`` is what the third output holds: ``'inv_std'`` (BatchNorm) or ``'var'``.
    """
    check_float(op, data)
    if data.ndim < 2 and op != "BatchNorm":
        raise MXNetError("Operator %s: data must have at least 2 dimensions, got shape %s"
                         % (op, shape_str(data.shape)))
    ax = int(axis)
    if ax < 0:
        ax += data.ndim
    if not 0 <= ax < data.ndim or data.ndim < 2:
        raise MXNetError("Operator %s: channel axis %d out of range for data of shape %s"
                         % (op, int(axis), shape_str(data.shape)))
    ch = data.shape[ax]
    for n, a in (("gamma", gamma), ("beta", beta), ("moving_mean", moving_mean),
                 ("moving_var", moving_var)):
        _check_vec(op, n, a, ch)
    pdt = _param_dtype(op, data, (gamma, beta, moving_mean, moving_var),
                       ("gamma", "beta", "moving_mean", "moving_var"))
    momentum = _f32(momentum)
    red = tuple(i for i in range(data.ndim) if i != ax)
    bshape = tuple(ch if i == ax else 1 for i in range(data.ndim))
    x = data.astype(pdt)
    mm, mv = _sg(moving_mean), _sg(moving_var)
    if train and not use_global_stats:
        mean = jnp.mean(x, axis=red)
        var = jnp.mean(jnp.square(x - mean.reshape(bshape)), axis=red)
        new_mm = mm * momentum + _sg(mean) * (1 - momentum)
        new_mv = mv * momentum + _sg(var) * (1 - momentum)
    else:
        mean, var = mm, mv
        new_mm, new_mv = mm, mv
    inv_std = lax.rsqrt(var + jnp.asarray(eps, pdt))
    g = jnp.ones(bshape, pdt) if fix_gamma else gamma.reshape(bshape)
    if train and not use_global_stats:
        out = _normalize(x, g, beta.reshape(bshape), red, float(np.asarray(eps, pdt)), "bn")
    else:
        out = (x - mean.reshape(bshape)) * (inv_std.reshape(bshape) * g) + beta.reshape(bshape)
    second = inv_std if stat2 == "inv_std" else var
    return (out.astype(data.dtype), _sg(mean), _sg(second), new_mm.astype(pdt),
            new_mv.astype(pdt))


def _channel_shapes(attrs, ins, outs):
    """Symbol shape rule: every input after the data is a vector over the data's ``axis``."""
    data = ins[0]
    if data:
        c = data[int(attrs.get("axis", 1)) % len(data)]
        for i in range(1, len(ins)):
            ins[i] = (c,)
    return ins, outs


def _mean_var_outputs(attrs):
    return 3 if attrs.get("output_mean_var", False) else 1


@register("BatchNorm", train_aware=True, shape_rule=_channel_shapes,
          num_outputs=_mean_var_outputs, aux_inputs=(3, 4))
def batch_norm(data, gamma, beta, moving_mean, moving_var, *, eps=0.0010000000474974513,
               momentum=0.9,
               fix_gamma=True, use_global_stats=False, output_mean_var=False, axis=1,
               cudnn_off=False, min_calib_range=None, max_calib_range=None, _train=False):
    """Batch normalisation (the pure operator: out, mean, inv_std, new moving mean/var).

    ``nd.BatchNorm`` is the MXNet-facing function: it returns ``out`` (or
    ``[out, mean, inv_std]`` with ``output_mean_var``) and writes the moving statistics.

    Parameters
    ----------
    data : NDArray
    gamma, beta, moving_mean, moving_var : NDArray
        Vectors of the size of ``data``'s ``axis``.
    eps : float, default 1e-3
    momentum : float, default 0.9
    fix_gamma : bool, default True
        Use a gamma of ones (and give gamma a zero gradient).
    use_global_stats : bool, default False
        Normalise with the moving statistics even while training.
    output_mean_var : bool, default False
        Also output the mean and the inverse standard deviation.
    axis : int, default 1
        The channel axis.
    cudnn_off, min_calib_range, max_calib_range
        Accepted and ignored.
    """
    return _batch_norm("BatchNorm", data, gamma, beta, moving_mean, moving_var, eps, momentum,
                       fix_gamma, use_global_stats, axis, _train, "inv_std")


@register("_contrib_BatchNormWithReLU", train_aware=True, shape_rule=_channel_shapes,
          num_outputs=_mean_var_outputs, aux_inputs=(3, 4))
def batch_norm_with_relu(data, gamma, beta, moving_mean, moving_var, *,
                         eps=0.0010000000474974513,
                         momentum=0.9, fix_gamma=True, use_global_stats=False,
                         output_mean_var=False, axis=1, cudnn_off=False, min_calib_range=None,
                         max_calib_range=None, _train=False):
    """BatchNorm followed by ReLU (the pure operator; see ``nd.contrib.BatchNormWithReLU``).

    Parameters are those of ``BatchNorm``.
    """
    res = _batch_norm("BatchNormWithReLU", data, gamma, beta, moving_mean, moving_var, eps,
                      momentum, fix_gamma, use_global_stats, axis, _train, "inv_std")
    out = res[0]
    return (jnp.maximum(out, jnp.zeros_like(out)),) + res[1:]


@register("_contrib_SyncBatchNorm", train_aware=True, shape_rule=_channel_shapes,
          num_outputs=_mean_var_outputs, aux_inputs=(3, 4))
def sync_batch_norm(data, gamma, beta, moving_mean, moving_var, *, eps=1e-3, momentum=0.9,
                    fix_gamma=True, use_global_stats=False, output_mean_var=False, ndev=1,
                    key, _train=False):
    """Cross-device BatchNorm; on one device the same as BatchNorm with ``axis=1``, except
    that ``output_mean_var`` outputs the variance (not its inverse square root).

    Parameters
    ----------
    ndev : int, default 1
        Number of devices (only 1 is meaningful in mxjax's single-process arrays).
    key : str
        The name shared by the synchronised layers (required, otherwise unused).
    """
    return _batch_norm("SyncBatchNorm", data, gamma, beta, moving_mean, moving_var, _f32(eps),
                       momentum, fix_gamma, use_global_stats, 1, _train, "var")


@register("BatchNorm_v1", train_aware=True, shape_rule=_channel_shapes,
          num_outputs=_mean_var_outputs, aux_inputs=(3, 4))
def batch_norm_v1(data, gamma, beta, moving_mean=None, moving_var=None, *, eps=1e-3,
                  momentum=0.9, fix_gamma=True, use_global_stats=False, output_mean_var=False,
                  _train=False):
    """Deprecated BatchNorm on 4-D NCHW data; ``output_mean_var`` outputs the variance.

    MXNet's ``nd.BatchNorm_v1`` has no way to pass the moving statistics; mxjax takes them
    as optional inputs (zeros and ones when omitted).
    """
    if data.ndim != 4:
        raise MXNetError("Operator BatchNorm_v1: data must be 4-D (N, C, H, W), got shape %s"
                         % shape_str(data.shape))
    ch = data.shape[1]
    pdt = jnp.float32 if data.dtype == jnp.float16 else data.dtype
    if moving_mean is None:
        moving_mean = jnp.zeros((ch,), pdt)
    if moving_var is None:
        moving_var = jnp.ones((ch,), pdt)
    return _batch_norm("BatchNorm_v1", data, gamma, beta, moving_mean, moving_var, _f32(eps),
                       momentum, fix_gamma, use_global_stats, 1, _train, "var")


# ---------------------------------------------------------------------------
# the MXNet-facing BatchNorm functions (they write the moving statistics)

_BN_INPUTS = ("data", "gamma", "beta", "moving_mean", "moving_var")


def _bn_frontend(op_name, pyname):
    op = get_op(op_name)
    attr_names = list(op.attr_defaults)

    def fn(*args, **kwargs):
        out = kwargs.pop("out", None)
        kwargs.pop("name", None)
        n_arr = 0
        while n_arr < min(len(args), 5) and (args[n_arr] is None
                                             or isinstance(args[n_arr], NDArray)):
            n_arr += 1
        arrays = dict(zip(_BN_INPUTS, args[:n_arr]))
        for n in _BN_INPUTS:
            if n in kwargs:
                arrays[n] = kwargs.pop(n)
        attrs = dict(zip(attr_names, args[n_arr:]))
        for k, v in kwargs.items():
            if k not in op.attr_defaults or k == "_train":
                raise MXNetError("Operator %s got an unexpected argument %r (its arguments: %s)"
                                 % (pyname, k, ", ".join(list(_BN_INPUTS) + attr_names[:-1])))
            if v is not None:
                attrs[k] = v
        optional = ("moving_mean", "moving_var") if op_name == "BatchNorm_v1" else ()
        inputs = []
        for n in _BN_INPUTS:
            a = arrays.get(n)
            if a is None and n not in optional:
                raise MXNetError("Operator %s: input %s is required" % (pyname, n))
            if a is not None and not isinstance(a, NDArray):
                raise TypeError("Operator %s: expected NDArray inputs, got %s"
                                % (pyname, type(a).__name__))
            inputs.append(a)
        while inputs and inputs[-1] is None:
            inputs.pop()
        for k in op.required_attrs:
            if k not in attrs:
                raise MXNetError("Operator %s: required parameter %s is missing" % (pyname, k))
        attrs = {k: (v.item() if isinstance(v, np.generic) else v) for k, v in attrs.items()}
        get = lambda k: attrs.get(k, op.attr_defaults[k])  # noqa: E731
        training = autograd.is_training()
        for stat in inputs[3:5]:
            if stat is not None:  # the statistics the last call left pending
                stat._settle()
        res = invoke(op, inputs, attrs)
        recorded = res[0]._node is not None and not res[0]._node.is_var
        if training and recorded and not get("use_global_stats"):
            for handle, new in ((inputs[3] if len(inputs) > 3 else None, res[3]),
                                (inputs[4] if len(inputs) > 4 else None, res[4])):
                if handle is not None:  # left pending: computed with the step's program
                    handle._assign_from(new)
        gamma = inputs[1]
        if get("fix_gamma"):
            gamma._set_data(jnp.ones(gamma.shape, gamma.dtype))
        result = res[:3] if get("output_mean_var") else res[0]
        if out is not None:
            return registry._write_out(out, result)
        return result

    fn.__name__ = pyname
    fn.__qualname__ = pyname
    fn.__doc__ = _BN_DOC % {"name": pyname}
    return fn


_BN_DOC = """%(name)s: batch normalisation, as MXNet's.

Normalises ``data`` by the batch mean and (biased) variance over every axis but
``axis`` while training (``autograd.record()`` / ``train_mode()``), by ``moving_mean``
and ``moving_var`` otherwise or with ``use_global_stats``, then scales by ``gamma``
and shifts by ``beta``. A call recorded in training mode writes
``moving = moving * momentum + batch * (1 - momentum)`` into ``moving_mean`` and
``moving_var``.

Parameters
----------
data : NDArray
gamma, beta, moving_mean, moving_var : NDArray
eps : float, default 1e-3
momentum : float, default 0.9
fix_gamma : bool, default True
use_global_stats : bool, default False
output_mean_var : bool, default False
    Return ``[out, mean, var_or_inv_std]``.
out : NDArray, optional

Returns
-------
NDArray or list of NDArray
"""


def _install_frontends():
    """Place the functions where ``mx.nd`` / ``mx.nd.contrib`` will expose them.

    The generated namespaces keep an attribute that is already there, so setting it
    while the package is being imported makes these the public functions.
    """
    nd_mod = sys.modules.get(__name__.rsplit(".", 2)[0])
    from .. import contrib as contrib_mod
    if nd_mod is not None:
        setattr(nd_mod, "BatchNorm", _bn_frontend("BatchNorm", "BatchNorm"))
        setattr(nd_mod, "BatchNorm_v1", _bn_frontend("BatchNorm_v1", "BatchNorm_v1"))
    setattr(contrib_mod, "SyncBatchNorm",
            _bn_frontend("_contrib_SyncBatchNorm", "SyncBatchNorm"))
    setattr(contrib_mod, "BatchNormWithReLU",
            _bn_frontend("_contrib_BatchNormWithReLU", "BatchNormWithReLU"))


_install_frontends()


# ---------------------------------------------------------------------------
# LayerNorm, InstanceNorm, GroupNorm


def _moments(x, axes):
    mean, var, _ = _centered(x, axes)
    return mean, var


@register("LayerNorm", shape_rule=lambda attrs, ins, outs: _channel_shapes(
    {"axis": attrs.get("axis", -1)}, ins, outs), num_outputs=_mean_var_outputs)
def layer_norm(data, gamma, beta, *, axis=-1, eps=1e-5, output_mean_var=False):
    """Layer normalisation along ``axis``: ``(x - mean) / sqrt(var + eps) * gamma + beta``.

    Parameters
    ----------
    data : NDArray
    gamma, beta : NDArray
        Vectors of the size of ``data.shape[axis]``.
    axis : int, default -1
    eps : float, default 1e-5
    output_mean_var : bool, default False
        Also output the mean and the standard deviation ``sqrt(var + eps)`` (with
        ``axis`` kept as size 1; they carry no gradient).

    Returns
    -------
    NDArray or list of NDArray
    """
    op = "LayerNorm"
    check_float(op, data)
    ax = int(axis)
    if ax < 0:
        ax += data.ndim
    if not 0 <= ax < data.ndim:
        raise MXNetError("Operator %s: axis %d out of range for data of shape %s"
                         % (op, int(axis), shape_str(data.shape)))
    ch = data.shape[ax]
    _check_vec(op, "gamma", gamma, ch)
    _check_vec(op, "beta", beta, ch)
    check_same_dtype(op, ("data", "gamma", "beta"), (data, gamma, beta))
    mean, var, xc = _centered(data, (ax,))
    std = jnp.sqrt(var + jnp.asarray(_f32(eps), data.dtype))
    bshape = tuple(ch if i == ax else 1 for i in range(data.ndim))
    out = xc / std * gamma.reshape(bshape) + beta.reshape(bshape)
    if output_mean_var:
        return out, _sg(mean), _sg(std)
    return out


@register("InstanceNorm")
def instance_norm(data, gamma, beta, *, eps=1e-3):
    """Instance normalisation: each (sample, channel) over its spatial positions,
    ``(x - mean) / sqrt(var + eps) * gamma[c] + beta[c]``.

    Parameters
    ----------
    data : NDArray
        ``(batch, channel, *spatial)`` with at least one spatial dimension.
    gamma, beta : NDArray
        ``(channel,)``.
    eps : float, default 1e-3
    """
    op = "InstanceNorm"
    check_float(op, data)
    if data.ndim < 3:
        raise MXNetError("Operator %s: only supports input tensors of rank >= 3, got shape %s"
                         % (op, shape_str(data.shape)))
    ch = data.shape[1]
    _check_vec(op, "gamma", gamma, ch)
    _check_vec(op, "beta", beta, ch)
    check_same_dtype(op, ("data", "gamma", "beta"), (data, gamma, beta))
    bshape = (1, ch) + (1,) * (data.ndim - 2)
    return _normalize(data, gamma.reshape(bshape), beta.reshape(bshape),
                      tuple(range(2, data.ndim)), _f32(eps), "in")


@register("GroupNorm")
def group_norm(data, gamma, beta, *, num_groups=1, eps=1e-5, output_mean_var=False):
    """Group normalisation: channels split into ``num_groups`` groups, each normalised
    over its channels and spatial positions per sample.

    As in MXNet 1.9.1, ``gamma`` and ``beta`` have one entry per *group*.

    Parameters
    ----------
    data : NDArray
        ``(batch, channel, ...)``.
    gamma, beta : NDArray
        ``(num_groups,)``.
    num_groups : int, default 1
    eps : float, default 1e-5
    output_mean_var : bool, default False
        Also output the mean and the standard deviation ``sqrt(var + eps)``, of shape
        ``(batch, num_groups)`` (no gradient).
    """
    op = "GroupNorm"
    check_float(op, data)
    if data.ndim < 2:
        raise MXNetError("Operator %s: data must have at least 2 dimensions, got shape %s"
                         % (op, shape_str(data.shape)))
    g = int(num_groups)
    n, ch = data.shape[0], data.shape[1]
    if g <= 0 or ch % g:
        raise MXNetError("Operator %s: # of channels (%d, data shape %s) must be divisible by "
                         "# of groups (%d)" % (op, ch, shape_str(data.shape), g))
    _check_vec(op, "gamma", gamma, g)
    _check_vec(op, "beta", beta, g)
    check_same_dtype(op, ("data", "gamma", "beta"), (data, gamma, beta))
    x = data.reshape((n, g, -1))
    out = _normalize(x, gamma.reshape((1, g, 1)), beta.reshape((1, g, 1)), (2,), _f32(eps),
                     "std").reshape(data.shape)
    if output_mean_var:
        mean, var = _moments(x, (2,))
        std = jnp.sqrt(var + jnp.asarray(_f32(eps), data.dtype))
        return out, _sg(mean.reshape((n, g))), _sg(std.reshape((n, g)))
    return out


# ---------------------------------------------------------------------------
# L2Normalization, LRN


@register("L2Normalization")
def l2_normalization(data, *, eps=1e-10, mode="instance"):
    """Divide by the L2 norm ``sqrt(sum(x**2) + eps)``.

    Parameters
    ----------
    data : NDArray
    eps : float, default 1e-10
    mode : {'instance', 'channel', 'spatial'}, default 'instance'
        ``instance``: over every axis but the first (so 1-D data is normalised element by
        element, as MXNet's); ``channel``: over axis 1;
        ``spatial``: over the axes after 1 (the last two need 3 or more dimensions).
    """
    op = "L2Normalization"
    check_float(op, data)
    if mode == "instance":
        axes = tuple(range(1, data.ndim))  # 1-D: every element is its own instance
    elif mode in ("channel", "spatial"):
        if data.ndim < 3:
            raise MXNetError("Operator %s: at least 3 dimensions required in %s mode, got "
                             "shape %s" % (op, mode, shape_str(data.shape)))
        axes = (1,) if mode == "channel" else tuple(range(2, data.ndim))
    else:
        raise MXNetError("Operator %s: unknown mode %r (expected instance, channel or "
                         "spatial)" % (op, mode))
    norm = jnp.sqrt(jnp.sum(jnp.square(data), axis=axes, keepdims=True)
                    + jnp.asarray(_f32(eps), data.dtype))
    return data / norm


@register("LRN")
def lrn(data, *, alpha=1e-4, beta=0.75, knorm=2.0, nsize):
    """Local response normalisation across channels of NCHW data:
    ``x / (knorm + alpha / nsize * sum(x[c'] ** 2 for c' near c)) ** beta``.

    Parameters
    ----------
    data : NDArray
        ``(batch, channel, height, width)``.
    alpha : float, default 1e-4
    beta : float, default 0.75
    knorm : float, default 2
    nsize : int
        Window width in channels: ``(nsize - 1) // 2`` on each side of the channel (an
        even ``nsize`` gives the window of ``nsize - 1``, as MXNet's; the scale is
        still ``alpha / nsize``).
    """
    op = "LRN"
    check_float(op, data)
    if data.ndim != 4:
        raise MXNetError("Operator %s: data must be 4-D (N, C, H, W), got shape %s"
                         % (op, shape_str(data.shape)))
    n = int(nsize)
    if n <= 0:
        raise MXNetError("Operator %s: nsize must be positive, got %d" % (op, n))
    half = (n - 1) // 2
    sq = jnp.square(data)
    summed = lax.reduce_window(sq, np.asarray(0, np.dtype(data.dtype)), lax.add,
                               (1, 2 * half + 1, 1, 1),
                               (1, 1, 1, 1), ((0, 0), (half, half), (0, 0), (0, 0)))
    dt = data.dtype
    scale = jnp.asarray(_f32(knorm), dt) + jnp.asarray(_f32(alpha) / n, dt) * summed
    return data * scale ** jnp.asarray(-_f32(beta), dt)
