"""Convolution and transposed convolution: ``Convolution`` (``Convolution_v1``) and
``Deconvolution``, 1-D/2-D/3-D. A Convolution's XLA formulation is chosen per static
shape in ``_conv_rule`` (``jax.lax.conv_general_dilated``, or a sum of windows for
depthwise layers, or im2col and one matrix product where output positions are few).

Weights use MXNet's layouts: ``(num_filter, channel/num_group, *kernel)`` for
Convolution and ``(channel, num_filter/num_group, *kernel)`` for Deconvolution
(channel-last layouts put the input channels last: ``(num_filter, *kernel,
channel/num_group)``, as MXNet's GPU kernels do). ``workspace`` and ``cudnn_*`` are
accepted and ignored.
"""
import jax.numpy as jnp
from jax import lax

from ...base import MXNetError, shape_str
from ..registry import register
from ._spatial import (spatial_param, as_tuple, layout_of, check_float, check_same_dtype,
                       check_shape)
from ._conv_rule import conv_form
from ._gemm_conv import gemm_conv, depthwise_conv
from ._window_conv import window_conv

_LAYOUTS = ("NCW", "NCHW", "NCDHW", "NWC", "NHWC", "NDHWC")
_FORMS = {"window": window_conv, "gemm": gemm_conv, "depthwise": depthwise_conv}


def _kernel(op, kernel, data):
    k = as_tuple(kernel, "kernel")
    if not 1 <= len(k) <= 3:
        raise MXNetError("Operator %s: %dD convolution not supported (kernel %s)"
                         % (op, len(k), shape_str(k)))
    if data.ndim != len(k) + 2:
        raise MXNetError("Operator %s: a %d-D kernel %s needs %d-D data, got data of shape %s"
                         % (op, len(k), shape_str(k), len(k) + 2, shape_str(data.shape)))
    for v in k:
        if v <= 0:
            raise MXNetError("Operator %s: kernel must be positive, got %s" % (op, shape_str(k)))
    return k


def _positive(op, name, t):
    for v in t:
        if v <= 0:
            raise MXNetError("Operator %s: incorrect %s size: %s" % (op, name, shape_str(t)))


def _dimension_numbers(nsp, channel_last):
    sp = "DHW"[3 - nsp:]
    if channel_last:
        return ("N" + sp + "C", "O" + sp + "I", "N" + sp + "C")
    return ("NC" + sp, "OI" + sp, "NC" + sp)


def _split_layout(data, channel_last):
    """(channels, spatial sizes) of ``data``."""
    if channel_last:
        return data.shape[-1], tuple(data.shape[1:-1])
    return data.shape[1], tuple(data.shape[2:])


def _add_bias(op, out, bias, no_bias, num_filter, channel_last, nargs):
    if no_bias:
        if bias is not None:
            raise MXNetError("Operator %s expects %d inputs, but got %d instead (no_bias=True "
                             "takes no bias)" % (op, nargs - 1, nargs))
        return out
    if bias is None:
        raise MXNetError("Operator %s expects %d inputs, but got %d instead (a bias is "
                         "required unless no_bias=True)" % (op, nargs, nargs - 1))
    check_shape(op, "bias", bias, (num_filter,))
    if channel_last:
        return out + bias
    return out + bias.reshape((1, num_filter) + (1,) * (out.ndim - 2))


def _conv_shapes(attrs, ins, outs, transposed=False):
    """Symbol shape rule: weight and bias from the data's channels (NC... layouts); the
    data's batch dimension from the output's when only that is known (as MXNet)."""
    data = ins[0]
    if data and outs and outs[0] and outs[0][0] and not data[0]:
        data = ins[0] = (outs[0][0],) + tuple(data[1:])
    layout = attrs.get("layout")
    out = outs[0] if outs else None
    if (not transposed and data and out and len(out) == len(data) > 2
            and (layout is None or str(layout).startswith("NC"))):
        # unknown spatial sizes of the data from the output's where the stride is 1, as
        # MXNet's ConvolutionShape
        k = tuple(int(v) for v in attrs["kernel"])
        n = len(k)
        st = tuple(attrs.get("stride") or ()) or (1,) * n
        dl = tuple(attrs.get("dilate") or ()) or (1,) * n
        pd = tuple(attrs.get("pad") or ()) or (0,) * n
        spatial = [d if d or not o or s != 1 else o + dd * (kk - 1) - 2 * p  # stride 1 only
                   for d, o, kk, s, dd, p in zip(data[2:], out[2:], k, st, dl, pd)]
        data = ins[0] = tuple(data[:2]) + tuple(spatial)
    if data and (layout is None or str(layout).startswith("NC")):
        kernel = tuple(int(k) for k in attrs["kernel"])
        nf, g = int(attrs["num_filter"]), int(attrs.get("num_group", 1) or 1)
        if transposed:
            ins[1] = (data[1], nf // g) + kernel
        else:
            ins[1] = (nf, data[1] // g if data[1] else 0) + kernel
        if len(ins) > 2:
            ins[2] = (nf,)
    return ins, outs


@register("Convolution", aliases=("Convolution_v1",), shape_rule=_conv_shapes,
          compile_whole=True)
def convolution(data, weight, bias=None, *, kernel, stride=(), dilate=(), pad=(), num_filter,
                num_group=1, workspace=1024, no_bias=False, cudnn_tune=None, cudnn_off=False,
                layout=None):
    """Compute N-D convolution (cross-correlation) on (N+2)-D input.

    Parameters
    ----------
    data : NDArray
        Input of shape ``(batch, channel, *spatial)`` (or channel-last with ``layout``).
    weight : NDArray
        ``(num_filter, channel/num_group, *kernel)``.
    bias : NDArray, optional
        ``(num_filter,)``; omitted when ``no_bias=True``.
    kernel : tuple of int
        Kernel size ``(w,)``, ``(h, w)`` or ``(d, h, w)``.
    stride, dilate, pad : tuple of int, optional
        Per spatial dimension; default 1, 1 and 0.
    num_filter : int
        Number of output channels.
    num_group : int, default 1
        Split channels and filters into this many groups.
    workspace, cudnn_tune, cudnn_off
        Accepted and ignored.
    no_bias : bool, default False
    layout : {None, 'NCW', 'NCHW', 'NCDHW', 'NWC', 'NHWC', 'NDHWC'}
        Default: channel-first for the number of spatial dimensions.

    Returns
    -------
    NDArray
        ``(batch, num_filter, *out_spatial)`` with
        ``out = floor((x + 2*pad - dilate*(kernel-1) - 1) / stride) + 1``.
    """
    op = "Convolution"
    k = _kernel(op, kernel, data)
    n = len(k)
    stride = spatial_param(op, "stride", stride, n, 1)
    dilate = spatial_param(op, "dilate", dilate, n, 1)
    pad = spatial_param(op, "pad", pad, n, 0)
    _positive(op, "stride", stride)
    _positive(op, "dilate", dilate)
    _, channel_last = layout_of(op, layout, n, _LAYOUTS)
    check_float(op, data)
    check_same_dtype(op, ("data", "weight", "bias"), (data, weight, bias))
    num_filter, num_group = int(num_filter), int(num_group)
    if num_filter <= 0 or num_group <= 0:
        raise MXNetError("Operator %s: num_filter and num_group must be positive, got %d and "
                         "%d" % (op, num_filter, num_group))
    chans, sizes = _split_layout(data, channel_last)
    if chans % num_group:
        raise MXNetError("Operator %s: input channels (%d, data shape %s) must divide into "
                         "num_group=%d" % (op, chans, shape_str(data.shape), num_group))
    if num_filter % num_group:
        raise MXNetError("Operator %s: num_filter=%d must divide into num_group=%d"
                         % (op, num_filter, num_group))
    wshape = ((num_filter,) + k + (chans // num_group,) if channel_last
              else (num_filter, chans // num_group) + k)
    check_shape(op, "weight", weight, wshape)
    for i in range(n):
        dk = dilate[i] * (k[i] - 1) + 1
        if dk > sizes[i] + 2 * pad[i]:
            raise MXNetError("Operator %s: kernel size exceed input: dilated kernel %s does not "
                             "fit data of shape %s padded by %s"
                             % (op, shape_str(k), shape_str(data.shape), shape_str(pad)))
    out_sizes = tuple((sizes[i] + 2 * pad[i] - dilate[i] * (k[i] - 1) - 1) // stride[i] + 1
                      for i in range(n))
    form = conv_form(data.shape[0], chans, num_filter, num_group, k, out_sizes)
    if form != "lax":  # the fastest formulation for these shapes (_conv_rule)
        fn = _FORMS[form]
        out = fn(data, weight, kernel=k, stride=stride, dilate=dilate, pad=pad,
                 num_group=num_group, channel_last=channel_last, out_sizes=out_sizes)
        return _add_bias(op, out, bias, no_bias, num_filter, channel_last, 3)
    out = lax.conv_general_dilated(
        data, weight, window_strides=stride, padding=[(p, p) for p in pad],
        rhs_dilation=dilate, dimension_numbers=_dimension_numbers(n, channel_last),
        feature_group_count=num_group)
    return _add_bias(op, out, bias, no_bias, num_filter, channel_last, 3)


def deconv_padding(op, sizes, k, stride, dilate, pad, adj, target_shape):
    """MXNet's (pad, adj) for Deconvolution; ``target_shape`` overrides both."""
    n = len(k)
    ts = as_tuple(target_shape, "target_shape")
    if ts and any(t != 0 for t in ts):
        if len(ts) != n:
            raise MXNetError("Operator %s: target_shape %s must have %d dimensions"
                             % (op, shape_str(ts), n))
        pads, adjs = [], []
        for i in range(n):
            full = stride[i] * (sizes[i] - 1) + dilate[i] * (k[i] - 1) + 1
            if full < ts[i]:
                raise MXNetError("Operator %s: too big target shape %s for input spatial "
                                 "shape %s (at most %d)"
                                 % (op, shape_str(ts), shape_str(sizes), full))
            extra = full - ts[i]
            adjs.append(extra % 2)
            pads.append((extra + 1) // 2)
        return tuple(pads), tuple(adjs)
    return pad, adj


@register("Deconvolution",
          shape_rule=lambda attrs, ins, outs: _conv_shapes(attrs, ins, outs, transposed=True),
          compile_whole=True)
def deconvolution(data, weight, bias=None, *, kernel, stride=(), dilate=(), pad=(), adj=(),
                  target_shape=(), num_filter, num_group=1, workspace=512, no_bias=True,
                  cudnn_tune=None, cudnn_off=False, layout=None):
    """Transposed convolution (the gradient of Convolution with respect to its input).

    Parameters
    ----------
    data : NDArray
        ``(batch, channel, *spatial)``.
    weight : NDArray
        ``(channel, num_filter/num_group, *kernel)``.
    bias : NDArray, optional
        ``(num_filter,)``; only with ``no_bias=False``.
    kernel : tuple of int
        Kernel size of the corresponding convolution.
    stride, dilate, pad : tuple of int, optional
        Of the corresponding convolution; default 1, 1 and 0.
    adj : tuple of int, optional
        Extra size added at the end of each spatial dimension (``adj < stride``).
    target_shape : tuple of int, optional
        Output spatial shape; when given, ``pad`` and ``adj`` are computed from it.
    num_filter : int
        Number of output channels.
    num_group : int, default 1
    no_bias : bool, default True
    workspace, cudnn_tune, cudnn_off
        Accepted and ignored.
    layout : {None, 'NCW', 'NCHW', 'NCDHW', 'NWC', 'NHWC', 'NDHWC'}

    Returns
    -------
    NDArray
        ``out = stride*(x-1) + dilate*(kernel-1) + 1 - 2*pad + adj`` per spatial dimension.
    """
    op = "Deconvolution"
    k = _kernel(op, kernel, data)
    n = len(k)
    stride = spatial_param(op, "stride", stride, n, 1)
    dilate = spatial_param(op, "dilate", dilate, n, 1)
    pad = spatial_param(op, "pad", pad, n, 0)
    adj = spatial_param(op, "adj", adj, n, 0)
    _positive(op, "stride", stride)
    _positive(op, "dilate", dilate)
    _, channel_last = layout_of(op, layout, n, _LAYOUTS)
    check_float(op, data)
    check_same_dtype(op, ("data", "weight", "bias"), (data, weight, bias))
    num_filter, num_group = int(num_filter), int(num_group)
    if num_filter <= 0 or num_group <= 0:
        raise MXNetError("Operator %s: num_filter and num_group must be positive, got %d and "
                         "%d" % (op, num_filter, num_group))
    chans, sizes = _split_layout(data, channel_last)
    if chans % num_group or num_filter % num_group:
        raise MXNetError("Operator %s: input channels %d (data shape %s) and num_filter %d "
                         "must divide into num_group=%d"
                         % (op, chans, shape_str(data.shape), num_filter, num_group))
    fpg = num_filter // num_group
    wshape = (chans,) + k + (fpg,) if channel_last else (chans, fpg) + k
    check_shape(op, "weight", weight, wshape)
    pad, adj = deconv_padding(op, sizes, k, stride, dilate, pad, adj, target_shape)
    for i in range(n):
        if adj[i] >= stride[i]:
            raise MXNetError("Operator %s: adj %s must be smaller than stride %s"
                             % (op, shape_str(adj), shape_str(stride)))
        out_size = stride[i] * (sizes[i] - 1) + dilate[i] * (k[i] - 1) + 1 - 2 * pad[i] + adj[i]
        if out_size <= 0:
            raise MXNetError("Operator %s: pad %s is too large for data of shape %s: the output "
                             "would be empty" % (op, shape_str(pad), shape_str(data.shape)))
    # As a forward convolution: weight (g, C/g, F/g, *k) -> (F, C/g, *k), flipped in space,
    # run on the stride-dilated input with padding dk-1-pad (and adj more at the end).
    cpg = chans // num_group
    sp_axes = tuple(range(1, 1 + n)) if channel_last else tuple(range(2, 2 + n))
    if channel_last:  # (C, *k, F/g) -> (F, *k, C/g)
        w = weight.reshape((num_group, cpg) + k + (fpg,))
        w = jnp.moveaxis(w, (1, n + 2), (n + 2, 1)).reshape((num_filter,) + k + (cpg,))
    else:
        w = weight.reshape((num_group, cpg, fpg) + k)
        w = jnp.swapaxes(w, 1, 2).reshape((num_filter, cpg) + k)
    w = jnp.flip(w, axis=sp_axes)
    padding = []
    for i in range(n):
        dk = dilate[i] * (k[i] - 1)
        padding.append((dk - pad[i], dk - pad[i] + adj[i]))
    out = lax.conv_general_dilated(
        data, w, window_strides=(1,) * n, padding=padding, lhs_dilation=stride,
        rhs_dilation=dilate, dimension_numbers=_dimension_numbers(n, channel_last),
        feature_group_count=num_group)
    return _add_bias(op, out, bias, no_bias, num_filter, channel_last, 3)
