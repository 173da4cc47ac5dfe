"""Convolution as one matrix product over gathered windows (im2col), and depthwise
convolution as a sum of shifted, scaled copies of the input.

On XLA:CPU, ``lax.conv_general_dilated`` wants its kernel in ``(*kernel, in, out)`` order:
with MXNet's ``(out, in, *kernel)`` weights every call first transposes every weight (at
batch 1 a 512x512x3x3 weight costs more to transpose than the convolution costs), and its
grouped/depthwise convolutions are slow loops. Both forms here read MXNet's weight layout
as it is:

* ``gemm_conv``: stack the ``prod(kernel)`` strided windows of the padded input into
  ``(N, G, C/G * prod(kernel), positions)`` and multiply once by the weight seen as
  ``(G, F/G, C/G * prod(kernel))``; JAX's gradients are a matrix product (weight) and a
  matrix product plus window pads (data). The gathered input is ``prod(kernel)`` times the
  input, so this pays only where the output has few positions (``_conv_rule``).
* ``depthwise_conv``: one input channel per group: ``sum_k window_k * weight[:, k]``, one
  fused elementwise loop forward and backward.
"""
import itertools

import jax.numpy as jnp
from jax import lax

__all__ = ["gemm_conv", "depthwise_conv"]


def _windows(x, kernel, stride, dilate, pad, out_sizes, channel_last):
    """The ``prod(kernel)`` strided windows of ``x`` (padded), each shaped like the output
    with the input's channels, in the kernel's row-major order."""
    n = len(kernel)
    first = 1 if channel_last else 2
    if any(pad):
        widths = [(0, 0)] * x.ndim
        for i in range(n):
            widths[first + i] = (pad[i], pad[i])
        x = jnp.pad(x, widths)
    wins = []
    for offs in itertools.product(*[range(k) for k in kernel]):
        start = [0] * x.ndim
        limit = list(x.shape)
        strides = [1] * x.ndim
        for i in range(n):
            start[first + i] = offs[i] * dilate[i]
            limit[first + i] = offs[i] * dilate[i] + stride[i] * (out_sizes[i] - 1) + 1
            strides[first + i] = stride[i]
        wins.append(lax.slice(x, start, limit, strides))
    return wins


def gemm_conv(data, weight, *, kernel, stride, dilate, pad, num_group, channel_last,
              out_sizes):
    """The cross-correlation ``lax.conv_general_dilated`` computes, as one matrix product.

    Parameters
    ----------
    data : jax.Array
        ``(N, C, *spatial)``, or ``(N, *spatial, C)`` when ``channel_last``.
    weight : jax.Array
        ``(F, C/G, *kernel)``, or ``(F, *kernel, C/G)`` when ``channel_last``.
    kernel, stride, dilate, pad : tuple of int
        Per spatial dimension (``pad`` on both sides).
    num_group : int
    channel_last : bool
    out_sizes : tuple of int
        The output's spatial sizes.

    Returns
    -------
    jax.Array
        ``(N, F, *out_sizes)``, or ``(N, *out_sizes, F)`` when ``channel_last``.
    """
    wins = _windows(data, kernel, stride, dilate, pad, out_sizes, channel_last)
    batch, g, f = data.shape[0], num_group, weight.shape[0]
    c = (data.shape[-1] if channel_last else data.shape[1]) // g
    kk = len(wins)
    positions = 1
    for o in out_sizes:
        positions *= o
    if channel_last:
        # (N, *out, K, G, c) . (G, F/G, K, c) -> (N, P, G, F/G)
        cols = jnp.stack(wins, axis=-2).reshape((batch, positions, kk, g, c))
        w = weight.reshape((g, f // g, kk, c))
        out = jnp.einsum("npkgc,gfkc->npgf", cols, w)
        return out.reshape((batch,) + tuple(out_sizes) + (f,)).astype(data.dtype)
    # (N, G, c*K, P) . (G, F/G, c*K) -> (N, G, F/G, P)
    cols = jnp.stack(wins, axis=2).reshape((batch, g, c * kk, positions))
    w = weight.reshape((g, f // g, c * kk))
    if g == 1:
        out = jnp.einsum("fk,nkp->nfp", w[0], cols[:, 0])
    else:
        out = jnp.einsum("gfk,ngkp->ngfp", w, cols)
    return out.reshape((batch, f) + tuple(out_sizes)).astype(data.dtype)


def depthwise_conv(data, weight, *, kernel, stride, dilate, pad, num_group, channel_last,
                   out_sizes):
    """Grouped convolution with one input channel per group, as a sum of windows.

    Parameters are those of ``gemm_conv``; requires ``C == num_group``.

    Returns
    -------
    jax.Array
        ``(N, F, *out_sizes)``, or ``(N, *out_sizes, F)`` when ``channel_last``.
    """
    wins = _windows(data, kernel, stride, dilate, pad, out_sizes, channel_last)
    n = len(kernel)
    g, f = num_group, weight.shape[0]
    m = f // g  # filters per input channel
    kk = len(wins)
    if channel_last:   # weight (F, *k, 1): filter j*m+i reads channel j
        w = weight.reshape((g, m, kk))
        shape = (1,) * (n + 1) + (g, m)
        out = None
        for k, win in enumerate(wins):
            term = win[..., None] * w[:, :, k].reshape(shape)
            out = term if out is None else out + term
        return out.reshape(out.shape[:-2] + (f,)).astype(data.dtype)
    w = weight.reshape((g, m, kk))
    shape = (1, g, m) + (1,) * n
    out = None
    for k, win in enumerate(wins):
        term = win[:, :, None] * w[:, :, k].reshape(shape)
        out = term if out is None else out + term
    return out.reshape((out.shape[0], f) + tuple(out_sizes)).astype(data.dtype)
