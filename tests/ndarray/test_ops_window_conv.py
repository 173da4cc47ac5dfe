"""Convolution with a kernel that nearly covers its input (mxjax/ndarray/ops/_window_conv.py).

Values and gradients against ``lax.conv_general_dilated`` (the path every other
convolution takes, itself checked against MXNet 1.9.1 in test_ops_conv.py), for
padding, stride, dilation, groups, 1-D/2-D/3-D and channel-last layouts; and the
gradient program holds no convolution (XLA's data gradient of a 224x224 kernel took
minutes on a CPU).
"""
import numpy as np
import jax
import jax.numpy as jnp
from jax import lax
import pytest

import mxjax as mx
from mxjax import nd, autograd
from mxjax.ndarray.ops._window_conv import use_window_conv, window_conv

CASES = [
    # (data shape NC*, kernel, stride, dilate, pad, groups, filters)
    ((2, 3, 12, 12), (12, 12), (1, 1), (1, 1), (0, 0), 1, 4),
    ((2, 4, 11, 12), (9, 10), (2, 2), (1, 1), (0, 0), 2, 6),
    ((1, 2, 16, 16), (8, 8), (3, 3), (2, 2), (1, 1), 1, 3),
    ((2, 2, 70), (70,), (1,), (1,), (0,), 2, 2),
    ((1, 2, 5, 5, 4), (4, 4, 4), (1, 1, 1), (1, 1, 1), (0, 0, 0), 1, 2),
]


def _reference(x, w, kernel, stride, dilate, pad, groups, channel_last):
    sp = "DHW"[3 - len(kernel):]
    dn = ("N" + sp + "C", "O" + sp + "I", "N" + sp + "C") if channel_last else \
        ("NC" + sp, "OI" + sp, "NC" + sp)
    return lax.conv_general_dilated(x, w, stride, [(p, p) for p in pad], rhs_dilation=dilate,
                                    dimension_numbers=dn, feature_group_count=groups)


@pytest.mark.parametrize("case", range(len(CASES)))
@pytest.mark.parametrize("channel_last", [False, True])
def test_window_conv_matches_the_convolution(case, channel_last):
    shape, kernel, stride, dilate, pad, groups, filters = CASES[case]
    rng = np.random.RandomState(case)
    x = rng.normal(size=shape).astype(np.float32)
    w = rng.normal(size=(filters, shape[1] // groups) + kernel).astype(np.float32)
    if channel_last:
        x, w = np.moveaxis(x, 1, -1), np.moveaxis(w, 1, -1)
    sizes = x.shape[1:-1] if channel_last else x.shape[2:]
    out_sizes = tuple((sizes[i] + 2 * pad[i] - dilate[i] * (kernel[i] - 1) - 1) // stride[i] + 1
                      for i in range(len(kernel)))
    assert use_window_conv(out_sizes, kernel)

    def ours(x, w):
        return window_conv(x, w, kernel=kernel, stride=stride, dilate=dilate, pad=pad,
                           num_group=groups, channel_last=channel_last, out_sizes=out_sizes)

    def ref(x, w):
        return _reference(x, w, kernel, stride, dilate, pad, groups, channel_last)

    want = ref(x, w)
    got = ours(x, w)
    assert got.shape == want.shape
    np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=1e-4, atol=1e-4)
    head = rng.normal(size=want.shape).astype(np.float32)
    g_got = jax.vjp(ours, x, w)[1](head)
    g_want = jax.vjp(ref, x, w)[1](head)
    for a, b in zip(g_got, g_want):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-4, atol=1e-4)


def test_small_kernels_keep_the_convolution():
    assert not use_window_conv((1, 1), (3, 3))        # a small kernel: XLA's gradient is cheap
    assert not use_window_conv((222, 222), (3, 3))
    assert not use_window_conv((3, 3), (30, 30))      # 9 positions: too many dot products
    assert use_window_conv((1, 1), (224, 224))


def test_nd_convolution_with_an_image_sized_kernel():
    rng = np.random.RandomState(0)
    x = nd.array(rng.uniform(-1, 1, (2, 3, 40, 40)))
    w = nd.array(rng.uniform(-1, 1, (5, 3, 40, 40)))
    b = nd.array(rng.uniform(-1, 1, (5,)))
    for v in (x, w, b):
        v.attach_grad()
    with autograd.record():
        y = nd.Convolution(x, w, b, kernel=(40, 40), num_filter=5)
    y.backward()
    want = np.einsum("nchw,fchw->nf", x.asnumpy().astype(np.float64),
                     w.asnumpy().astype(np.float64)) + b.asnumpy()
    np.testing.assert_allclose(y.asnumpy().reshape(2, 5), want, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(x.grad.asnumpy(), np.broadcast_to(
        w.asnumpy().sum(0), (2, 3, 40, 40)), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(w.grad.asnumpy(), np.broadcast_to(
        x.asnumpy().sum(0), (5, 3, 40, 40)), rtol=1e-4, atol=1e-4)


def test_gradient_program_holds_no_convolution():
    from mxjax.ndarray.ops.conv import convolution
    x = jnp.ones((4, 3, 224, 224), jnp.float32)
    w = jnp.ones((16, 3, 224, 224), jnp.float32)

    def loss(x, w):
        return convolution(x, w, kernel=(224, 224), num_filter=16, no_bias=True).sum()

    text = str(jax.make_jaxpr(jax.grad(loss, argnums=(0, 1)))(x, w))
    assert "conv_general_dilated" not in text
    assert mx.nd is nd
