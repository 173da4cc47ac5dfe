"""Winograd F(2x2, 3x3) and F(4x4, 3x3) convolution, and XLA's convolution with Winograd
gradients (mxjax/ndarray/ops/_winograd_conv.py), and the rule's choice of the latter.

Values and ``jax.vjp`` gradients (data and weight) against ``lax.conv_general_dilated``
(itself checked against MXNet 1.9.1 in test_ops_conv.py), float32, for odd and even sizes,
padding 0/1, non-square inputs, channel-first and channel-last layouts, and float16.
"""
import numpy as np
import jax
import jax.numpy as jnp
from jax import lax
import pytest

from mxjax import nd, autograd
from mxjax.ndarray.ops._conv_rule import conv_form
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


def test_the_rule_picks_winograd_gradients_for_many_positions():
    one = (1, 1)
    # ResNet's 3x3 layers at batch 32 (112x112 and 224x224 inputs)
    assert conv_form(32, 64, 64, 1, (3, 3), (56, 56), one, one) == "winograd_grad"
    assert conv_form(32, 128, 128, 1, (3, 3), (28, 28), one, one) == "winograd_grad"
    assert conv_form(32, 256, 256, 1, (3, 3), (14, 14), one, one) == "winograd_grad"
    assert conv_form(32, 128, 128, 1, (3, 3), (14, 14), one, one) == "lax"
    assert conv_form(32, 256, 256, 1, (3, 3), (7, 7), one, one) == "lax"
    assert conv_form(32, 512, 512, 1, (3, 3), (4, 4), one, one) == "gemm"
    # not stride 1, dilated, grouped, not 3x3, or stride/dilate not given
    assert conv_form(32, 64, 64, 1, (3, 3), (56, 56), (2, 2), one) == "lax"
    assert conv_form(32, 64, 64, 1, (3, 3), (56, 56), one, (2, 2)) == "lax"
    assert conv_form(32, 64, 64, 2, (3, 3), (56, 56), one, one) == "lax"
    assert conv_form(32, 64, 64, 1, (1, 1), (56, 56), one, one) == "lax"
    assert conv_form(32, 64, 64, 1, (3, 3), (56, 56)) == "lax"


@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
def test_nd_convolution_with_winograd_gradients(layout):
    # 1 x 25088 positions -> "winograd_grad"; bias, padding 1, odd width
    shape = (1, 4, 112, 225)
    assert conv_form(1, 4, 6, 1, (3, 3), (112, 225), (1, 1), (1, 1)) == "winograd_grad"
    rng = np.random.RandomState(5)
    x = rng.uniform(-1, 1, shape).astype(np.float32)
    w = rng.uniform(-1, 1, (6, 4, 3, 3)).astype(np.float32)
    b = rng.uniform(-1, 1, (6,)).astype(np.float32)
    head = rng.uniform(-1, 1, (1, 6, 112, 225)).astype(np.float32)
    cl = layout == "NHWC"
    if cl:
        x, w, head = (np.moveaxis(v, 1, -1) for v in (x, w, head))
    xs, ws, bs = nd.array(x), nd.array(w), nd.array(b)
    for v in (xs, ws, bs):
        v.attach_grad()
    with autograd.record():
        y = nd.Convolution(xs, ws, bs, kernel=(3, 3), pad=(1, 1), num_filter=6,
                           layout=layout)
    y.backward(nd.array(head))

    def ref(x, w, b):
        out = _reference(x, w, 1, cl)
        return out + (b if cl else b.reshape(1, -1, 1, 1))

    want, vjp = jax.vjp(ref, jnp.asarray(x), jnp.asarray(w), jnp.asarray(b))
    np.testing.assert_allclose(y.asnumpy(), np.asarray(want), rtol=1e-4, atol=1e-4)
    for v, g in zip((xs, ws, bs), vjp(jnp.asarray(head))):
        s = float(np.abs(np.asarray(g)).max())
        np.testing.assert_allclose(v.grad.asnumpy(), np.asarray(g), rtol=1e-4,
                                   atol=1e-4 * s)


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
