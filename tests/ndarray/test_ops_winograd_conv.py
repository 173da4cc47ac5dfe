"""Winograd F(2x2, 3x3) and F(4x4, 3x3) convolution, and XLA's convolution with Winograd
gradients (mxjax/ndarray/ops/_winograd_conv.py)
(measured, not used by ``_conv_rule``: bench/ZOO_RESULTS.md).

Values and ``jax.vjp`` gradients (data and weight) against ``lax.conv_general_dilated``
(itself checked against MXNet 1.9.1 in test_ops_conv.py), float32, for odd and even sizes,
padding 0/1, non-square inputs, channel-first and channel-last layouts, and float16.
"""
import numpy as np
import jax
import jax.numpy as jnp
from jax import lax
import pytest

from mxjax.ndarray.ops._winograd_conv import (winograd_conv, winograd_grad_conv,
                                              winograd_applies)

CASES = [
    # (N, C, O, H, W, pad)
    (2, 3, 5, 7, 9, 1),       # odd sizes: tiles overhang the output
    (1, 8, 4, 6, 5, 0),       # no padding
    (3, 16, 12, 14, 14, 1),   # even sizes, ResNet-like
    (1, 4, 4, 3, 3, 0),       # one output position
    (2, 32, 16, 11, 4, 1),    # more channels, narrow
]


def _reference(x, w, pad, channel_last):
    dn = ("NHWC", "OHWI", "NHWC") if channel_last else ("NCHW", "OIHW", "NCHW")
    return lax.conv_general_dilated(x, w, (1, 1), [(pad, pad)] * 2, dimension_numbers=dn,
                                    precision=lax.Precision.HIGHEST)


def _arrays(case, seed, channel_last):
    n, c, o, h, w, pad = case
    rng = np.random.RandomState(seed)
    x = rng.normal(size=(n, c, h, w)).astype(np.float32)
    k = rng.normal(size=(o, c, 3, 3)).astype(np.float32)
    if channel_last:
        x, k = np.moveaxis(x, 1, -1), np.moveaxis(k, 1, -1)
    return x, k, (h + 2 * pad - 2, w + 2 * pad - 2), rng


@pytest.mark.parametrize("tile", [2, 4])
@pytest.mark.parametrize("channel_last", [False, True])
@pytest.mark.parametrize("case", range(len(CASES)))
def test_winograd_matches_the_convolution(case, channel_last, tile):
    pad = CASES[case][-1]
    x, k, out_sizes, rng = _arrays(CASES[case], case, channel_last)

    def ours(x, k):
        return winograd_conv(x, k, kernel=(3, 3), stride=(1, 1), dilate=(1, 1),
                             pad=(pad, pad), num_group=1, channel_last=channel_last,
                             out_sizes=out_sizes, tile=tile)

    def ref(x, k):
        return _reference(x, k, pad, channel_last)

    want = ref(x, k)
    got = jax.jit(ours)(x, k)
    assert got.shape == want.shape and got.dtype == want.dtype
    # F(4x4) multiplies by up to 8 and divides by 24: a larger float32 error
    tol = 1e-4 if tile == 2 else 5e-4
    scale = float(np.abs(np.asarray(want)).max())
    np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=tol, atol=tol * scale)
    head = rng.normal(size=want.shape).astype(np.float32)
    g_got = jax.jit(lambda x, k, h: jax.vjp(ours, x, k)[1](h))(x, k, head)
    g_want = jax.jit(lambda x, k, h: jax.vjp(ref, x, k)[1](h))(x, k, head)
    for a, b in zip(g_got, g_want):
        s = float(np.abs(np.asarray(b)).max())
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=tol, atol=tol * s)


def test_winograd_float16_computes_in_float32():
    x, k, out_sizes, _ = _arrays((2, 8, 8, 6, 6, 1), 7, False)
    got = winograd_conv(jnp.asarray(x, jnp.float16), jnp.asarray(k, jnp.float16),
                        kernel=(3, 3), stride=(1, 1), dilate=(1, 1), pad=(1, 1),
                        num_group=1, channel_last=False, out_sizes=out_sizes)
    assert got.dtype == jnp.float16
    want = _reference(x.astype(np.float16).astype(np.float32),
                      k.astype(np.float16).astype(np.float32), 1, False)
    np.testing.assert_allclose(np.asarray(got, np.float32), np.asarray(want),
                               rtol=1e-2, atol=5e-2)


def test_winograd_applies_only_to_3x3_stride_1():
    assert winograd_applies((3, 3), (1, 1), (1, 1), 1)
    assert not winograd_applies((3, 3), (2, 2), (1, 1), 1)
    assert not winograd_applies((3, 3), (1, 1), (2, 2), 1)
    assert not winograd_applies((3, 3), (1, 1), (1, 1), 2)
    assert not winograd_applies((5, 5), (1, 1), (1, 1), 1)
    assert not winograd_applies((3,), (1,), (1,), 1)


def test_winograd_gradients_differentiate_again():
    # create_graph-style second order: grad of (sum of the data gradient squared)
    x, k, out_sizes, rng = _arrays((1, 3, 2, 6, 6, 1), 9, False)
    head = rng.normal(size=(1, 2, 6, 6)).astype(np.float32)
    kw = dict(kernel=(3, 3), stride=(1, 1), dilate=(1, 1), pad=(1, 1), num_group=1,
              channel_last=False, out_sizes=out_sizes)

    def second(f):
        def g(x, k):
            dx, dk = jax.vjp(f, x, k)[1](head)
            return jnp.sum(dx ** 2) + jnp.sum(dk ** 2)
        return jax.grad(g, argnums=(0, 1))(x, k)

    got = second(lambda x, k: winograd_grad_conv(x, k, **kw))
    want = second(lambda x, k: _reference(x, k, 1, False))
    for a, b in zip(got, want):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-4, atol=1e-4)
