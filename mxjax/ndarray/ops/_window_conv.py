"""Convolution as a few window dot products, for kernels that nearly cover their input.

When the output has only a few positions (a kernel as large as the image: MXNet's
``test_conv2d_16c`` uses a 224x224 kernel on 224x224 images), XLA's CPU gradient of
``conv_general_dilated`` with respect to the data is a convolution of the output
gradient padded to the input's size with the whole kernel: input-size x kernel-size
multiply-adds per channel pair, about 10^13 for that test (it ran for minutes where
MXNet takes a second). Written as one dot product per output position over the input
window it covers, the forward costs what the convolution costs and JAX's gradients are
dot products and window pads: the data gradient shrinks by the same factor.
"""
import itertools

import jax.numpy as jnp

__all__ = ["use_window_conv", "window_conv"]

_MAX_POSITIONS = 4      # output positions (the dot products the program holds)
_MIN_KERNEL = 64        # kernel elements: below it XLA's convolution gradient is cheap


def use_window_conv(out_sizes, kernel):
    """Whether ``window_conv`` should replace the convolution: few outputs, a large kernel.

    Parameters
    ----------
    out_sizes : tuple of int
        Output spatial sizes.
    kernel : tuple of int
        Kernel spatial sizes.
    """
    positions = 1
    for o in out_sizes:
        positions *= o
    size = 1
    for k in kernel:
        size *= k
    return 0 < positions <= _MAX_POSITIONS and size >= _MIN_KERNEL


def window_conv(data, weight, *, kernel, stride, dilate, pad, num_group, channel_last,
                out_sizes):
    """The cross-correlation ``lax.conv_general_dilated`` computes, one window at a time.

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
    n = len(kernel)
    x, w = data, weight
    if channel_last:
        x, w = jnp.moveaxis(x, -1, 1), jnp.moveaxis(w, -1, 1)
    if any(pad):
        x = jnp.pad(x, [(0, 0), (0, 0)] + [(p, p) for p in pad])
    batch, chans = x.shape[:2]
    filters, groups = w.shape[0], num_group
    wg = w.reshape((groups, filters // groups, chans // groups) + tuple(kernel))
    sp = "hwd"[:n]
    spec = "ngc%s,gfc%s->ngf" % (sp, sp)
    outs = []
    for pos in itertools.product(*[range(o) for o in out_sizes]):
        window = tuple(slice(pos[i] * stride[i],
                             pos[i] * stride[i] + dilate[i] * (kernel[i] - 1) + 1, dilate[i])
                       for i in range(n))
        win = x[(slice(None), slice(None)) + window]
        win = win.reshape((batch, groups, chans // groups) + tuple(kernel))
        outs.append(jnp.einsum(spec, win, wg).reshape(batch, filters))
    out = jnp.stack(outs, axis=-1).reshape((batch, filters) + tuple(out_sizes))
    if channel_last:
        out = jnp.moveaxis(out, 1, -1)
    return out.astype(data.dtype)
