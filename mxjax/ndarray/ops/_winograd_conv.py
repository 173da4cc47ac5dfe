"""3x3, stride-1, undilated, ungrouped 2-D convolution by Winograd's minimal filtering
F(m x m, 3 x 3) (Lavin & Gray, 2015).

The padded input is cut into ``(m+2) x (m+2)`` tiles overlapping by 2; each tile and each
``(out, in)`` 3x3 filter are transformed (``V = B^T d B``, ``U = G g G^T``), the
``(m+2)^2`` transformed positions are ``(m+2)^2`` independent matrix products
``(tiles*N, C) @ (C, O)`` (one batched ``dot_general``), and ``Y = A^T M A`` gives ``m x m``
outputs per tile. The transforms are sums of strided slices with constant coefficients,
written in ``jnp`` so that XLA fuses them; JAX's gradients of this formulation are
matrix products too. Whether it is used is decided in ``_conv_rule`` (measured).
"""
import functools

import jax
import jax.numpy as jnp
from jax import lax

__all__ = ["winograd_conv", "winograd_grad_conv", "winograd_applies"]

# F(2x2, 3x3)
_BT2 = ((1, 0, -1, 0), (0, 1, 1, 0), (0, -1, 1, 0), (0, 1, 0, -1))
_G2 = ((1, 0, 0), (0.5, 0.5, 0.5), (0.5, -0.5, 0.5), (0, 0, 1))
_AT2 = ((1, 1, 1, 0), (0, 1, -1, -1))
# F(4x4, 3x3), interpolation points 0, +-1, +-2
_BT4 = ((4, 0, -5, 0, 1, 0), (0, -4, -4, 1, 1, 0), (0, 4, -4, -1, 1, 0),
        (0, -2, -1, 2, 1, 0), (0, 2, -1, -2, 1, 0), (0, 4, 0, -5, 0, 1))
_G4 = ((1 / 4, 0, 0), (-1 / 6, -1 / 6, -1 / 6), (-1 / 6, 1 / 6, -1 / 6),
       (1 / 24, 1 / 12, 1 / 6), (1 / 24, -1 / 12, 1 / 6), (0, 0, 1))
_AT4 = ((1, 1, 1, 1, 1, 0), (0, 1, -1, 2, -2, 0), (0, 1, 1, 4, 4, 0),
        (0, 1, -1, 8, -8, 1))
_MATS = {2: (_BT2, _G2, _AT2), 4: (_BT4, _G4, _AT4)}


def winograd_applies(kernel, stride, dilate, num_group):
    """Whether a convolution has the form Winograd computes here (2-D, 3x3, stride 1,
    dilation 1, one group)."""
    return (tuple(kernel) == (3, 3) and tuple(stride) == (1, 1)
            and tuple(dilate) == (1, 1) and num_group == 1)


def _combine(parts, coeffs):
    """``sum_k coeffs[k] * parts[k]`` with the zero terms left out."""
    out = None
    for c, p in zip(coeffs, parts):
        if c == 0:
            continue
        term = p if c == 1 else (-p if c == -1 else p * c)
        out = term if out is None else out + term
    return out


def _slices(x, axis, count, step, length):
    """``count`` strided slices of ``x`` along ``axis``: slice k takes ``length`` elements
    ``k, k+step, ...``."""
    out = []
    for k in range(count):
        start = [0] * x.ndim
        limit = list(x.shape)
        strides = [1] * x.ndim
        start[axis] = k
        limit[axis] = k + step * (length - 1) + 1
        strides[axis] = step
        out.append(lax.slice(x, start, limit, strides))
    return out


def _transform_weight(weight, g, channel_last):
    """``U = G g G^T`` as ``(alpha^2, C, O)``."""
    w = weight.astype(jnp.float32) if weight.dtype == jnp.float16 else weight
    if channel_last:   # (O, 3, 3, C) -> (3, 3, C, O)
        w = jnp.transpose(w, (1, 2, 3, 0))
    else:              # (O, C, 3, 3) -> (3, 3, C, O)
        w = jnp.transpose(w, (2, 3, 1, 0))
    rows = [_combine([w[0], w[1], w[2]], gr) for gr in g]          # alpha x (3, C, O)
    u = [_combine([r[0], r[1], r[2]], gc) for r in rows for gc in g]
    return jnp.stack(u, axis=0)


def winograd_conv(data, weight, *, kernel, stride, dilate, pad, num_group, channel_last,
                  out_sizes, tile=2):
    """The cross-correlation ``lax.conv_general_dilated`` computes, by Winograd F(tile, 3).

    Parameters
    ----------
    data : jax.Array
        ``(N, C, H, W)``, or ``(N, H, W, C)`` when ``channel_last``.
    weight : jax.Array
        ``(O, C, 3, 3)``, or ``(O, 3, 3, C)`` when ``channel_last``.
    kernel, stride, dilate : tuple of int
        Must be ``(3, 3)``, ``(1, 1)``, ``(1, 1)`` (``winograd_applies``).
    pad : tuple of int
        Zero padding on both sides of each spatial dimension.
    num_group : int
        Must be 1.
    channel_last : bool
    out_sizes : tuple of int
        The output's spatial sizes.
    tile : int, optional
        Outputs per tile side: 2 (F(2x2, 3x3), default) or 4 (F(4x4, 3x3)).

    Returns
    -------
    jax.Array
        ``(N, O, Ho, Wo)``, or ``(N, Ho, Wo, O)`` when ``channel_last``.
    """
    bt, g, at = _MATS[tile]
    alpha = tile + 2
    dtype = data.dtype
    x = data.astype(jnp.float32) if dtype == jnp.float16 else data
    # spatial axes 1, 2 (channel-last) or 2, 3 (channel-first); the transforms slice them
    ha = 1 if channel_last else 2
    n = x.shape[0]
    c = x.shape[-1] if channel_last else x.shape[1]
    h, w = x.shape[ha], x.shape[ha + 1]
    ho, wo = out_sizes
    th, tw = -(-ho // tile), -(-wo // tile)
    # pad to the tiles' extent: (tile*t + 2) rows and columns
    widths = [(0, 0)] * 4
    widths[ha] = (pad[0], tile * th + 2 - h - pad[0])
    widths[ha + 1] = (pad[1], tile * tw + 2 - w - pad[1])
    x = jnp.pad(x, widths)
    rows = _slices(x, ha, alpha, tile, th)
    rows = [_combine(rows, b) for b in bt]                     # B^T d
    v = []
    for r in rows:
        cols = _slices(r, ha + 1, alpha, tile, tw)
        v.extend(_combine(cols, b) for b in bt)                # (B^T d) B
    v = jnp.stack(v, axis=0)
    u = _transform_weight(weight, g, channel_last).astype(v.dtype)   # (alpha^2, C, O)
    o = u.shape[-1]
    if channel_last:   # (alpha^2, N*th*tw, C) @ (alpha^2, C, O) -> (alpha^2, P, O)
        m = lax.dot_general(v.reshape((alpha * alpha, n * th * tw, c)), u,
                            (((2,), (1,)), ((0,), (0,))))
        m = m.reshape((alpha, alpha, n, th, tw, o))
    else:              # (alpha^2, O, C) . (alpha^2, N, C, th, tw) -> (alpha^2, O, N, th, tw)
        m = lax.dot_general(u, v, (((1,), (2,)), ((0,), (0,))))
        m = m.reshape((alpha, alpha, o, n, th, tw))
    mr = [_combine([m[k] for k in range(alpha)], a) for a in at]     # A^T M: tile x
    y = [[_combine([r[l] for l in range(alpha)], a) for a in at] for r in mr]
    if channel_last:   # -> (N, th, tile, tw, tile, O)
        y = jnp.stack([jnp.stack(yr, axis=3) for yr in y], axis=2)
        y = y.reshape((n, th * tile, tw * tile, o))[:, :ho, :wo, :]
    else:              # -> (O, N, th, tile, tw, tile) -> (N, O, H, W)
        y = jnp.stack([jnp.stack(yr, axis=-1) for yr in y], axis=3)
        y = y.reshape((o, n, th * tile, tw * tile))[:, :, :ho, :wo]
        y = jnp.transpose(y, (1, 0, 2, 3))
    return y.astype(dtype)


def _lax_conv(data, weight, pad, channel_last):
    dn = ("NHWC", "OHWI", "NHWC") if channel_last else ("NCHW", "OIHW", "NCHW")
    return lax.conv_general_dilated(data, weight, (1, 1), [(p, p) for p in pad],
                                    dimension_numbers=dn)


def _winograd_grads(data, weight, head, pad, channel_last, out_sizes):
    """Data and weight gradients of the convolution: JAX's of the Winograd form, computed
    channel-last (channel-first arrays are transposed there and back)."""
    if not channel_last:
        data = jnp.transpose(data, (0, 2, 3, 1))
        weight = jnp.transpose(weight, (0, 2, 3, 1))
        head = jnp.transpose(head, (0, 2, 3, 1))

    def f(x, w):
        return winograd_conv(x, w, kernel=(3, 3), stride=(1, 1), dilate=(1, 1), pad=pad,
                             num_group=1, channel_last=True, out_sizes=out_sizes)
    dx, dw = jax.vjp(f, data, weight)[1](head)
    if not channel_last:
        dx = jnp.transpose(dx, (0, 3, 1, 2))
        dw = jnp.transpose(dw, (0, 3, 1, 2))
    return dx, dw


@functools.partial(jax.custom_vjp, nondiff_argnums=(2, 3, 4))
def _conv_winograd_grad(data, weight, pad, channel_last, out_sizes):
    return _lax_conv(data, weight, pad, channel_last)


def _cwg_fwd(data, weight, pad, channel_last, out_sizes):
    return _lax_conv(data, weight, pad, channel_last), (data, weight)


def _cwg_bwd(pad, channel_last, out_sizes, res, head):
    data, weight = res
    return _winograd_grads(data, weight, head, pad, channel_last, out_sizes)


_conv_winograd_grad.defvjp(_cwg_fwd, _cwg_bwd)


def winograd_grad_conv(data, weight, *, kernel, stride, dilate, pad, num_group,
                       channel_last, out_sizes):
    """``lax.conv_general_dilated`` forward, with the data and weight gradients of the
    Winograd F(2x2, 3x3) form (``jax.custom_vjp``; they are the same functions, computed
    faster on XLA:CPU for many output positions: ``_conv_rule``).

    Parameters are those of ``winograd_conv`` (without ``tile``).

    Returns
    -------
    jax.Array
        ``(N, O, Ho, Wo)``, or ``(N, Ho, Wo, O)`` when ``channel_last``.
    """
    return _conv_winograd_grad(data, weight, tuple(pad), bool(channel_last),
                               tuple(out_sizes))
