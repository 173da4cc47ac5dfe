"""Convolution as im2col + one matrix product, and depthwise convolution as a sum of
windows (mxjax/ndarray/ops/_gemm_conv.py), and the rule that picks a formulation
(mxjax/ndarray/ops/_conv_rule.py).

Values and ``jax.vjp`` gradients (data and weight) against ``lax.conv_general_dilated``
(itself checked against MXNet 1.9.1 in test_ops_conv.py) for padding, stride, dilation,
groups, 1-D/2-D/3-D and channel-last layouts.
"""
import numpy as np
import jax
import jax.numpy as jnp
from jax import lax
import pytest

from mxjax import nd, autograd
from mxjax.ndarray.ops._conv_rule import conv_form
from mxjax.ndarray.ops._gemm_conv import gemm_conv, depthwise_conv

GEMM_CASES = [
    # (data shape NC*, kernel, stride, dilate, pad, groups, filters)
    ((2, 3, 9, 9), (3, 3), (1, 1), (1, 1), (1, 1), 1, 4),
    ((1, 4, 10, 11), (3, 2), (2, 1), (1, 2), (1, 0), 1, 5),
    ((2, 6, 7, 7), (3, 3), (2, 2), (1, 1), (1, 1), 2, 4),     # groups
    ((3, 5, 6, 6), (1, 1), (2, 2), (1, 1), (0, 0), 1, 7),     # 1x1, strided
    ((2, 3, 13), (5,), (2,), (2,), (2,), 1, 4),               # 1-D, dilated
    ((1, 2, 5, 6, 5), (3, 3, 2), (1, 2, 1), (1, 1, 2), (1, 0, 1), 1, 3),  # 3-D
    ((1, 3, 12, 12), (7, 7), (2, 2), (1, 1), (3, 3), 1, 8),   # ResNet's first layer
]
DEPTHWISE_CASES = [
    ((2, 4, 8, 8), (3, 3), (1, 1), (1, 1), (1, 1), 4, 4),
    ((1, 3, 9, 9), (3, 3), (2, 2), (1, 1), (1, 1), 3, 6),     # 2 filters per channel
    ((2, 4, 9, 8), (3, 5), (1, 2), (2, 1), (2, 1), 4, 4),     # dilated, rectangular
    ((2, 3, 11), (3,), (2,), (1,), (1,), 3, 3),               # 1-D
    ((1, 2, 5, 5, 5), (3, 3, 3), (1, 1, 1), (1, 1, 1), (1, 1, 1), 2, 4),  # 3-D
]


def _reference(x, w, kernel, stride, dilate, pad, groups, channel_last):
    sp = "DHW"[3 - len(kernel):]
    dn = ("N" + sp + "C", "O" + sp + "I", "N" + sp + "C") if channel_last else \
        ("NC" + sp, "OI" + sp, "NC" + sp)
    return lax.conv_general_dilated(x, w, stride, [(p, p) for p in pad], rhs_dilation=dilate,
                                    dimension_numbers=dn, feature_group_count=groups)


def _check(fn, case, seed, channel_last):
    shape, kernel, stride, dilate, pad, groups, filters = case
    rng = np.random.RandomState(seed)
    x = rng.normal(size=shape).astype(np.float32)
    w = rng.normal(size=(filters, shape[1] // groups) + kernel).astype(np.float32)
    if channel_last:
        x, w = np.moveaxis(x, 1, -1), np.moveaxis(w, 1, -1)
    sizes = x.shape[1:-1] if channel_last else x.shape[2:]
    out_sizes = tuple((sizes[i] + 2 * pad[i] - dilate[i] * (kernel[i] - 1) - 1) // stride[i] + 1
                      for i in range(len(kernel)))

    def ours(x, w):
        return fn(x, w, kernel=kernel, stride=stride, dilate=dilate, pad=pad,
                  num_group=groups, channel_last=channel_last, out_sizes=out_sizes)

    def ref(x, w):
        return _reference(x, w, kernel, stride, dilate, pad, groups, channel_last)

    want = ref(x, w)
    got = jax.jit(ours)(x, w)
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=1e-4, atol=1e-4)
    head = rng.normal(size=want.shape).astype(np.float32)
    g_got = jax.jit(lambda x, w, h: jax.vjp(ours, x, w)[1](h))(x, w, head)
    g_want = jax.jit(lambda x, w, h: jax.vjp(ref, x, w)[1](h))(x, w, head)
    for a, b in zip(g_got, g_want):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("case", range(len(GEMM_CASES)))
@pytest.mark.parametrize("channel_last", [False, True])
def test_gemm_conv_matches_the_convolution(case, channel_last):
    _check(gemm_conv, GEMM_CASES[case], case, channel_last)


@pytest.mark.parametrize("case", range(len(DEPTHWISE_CASES)))
@pytest.mark.parametrize("channel_last", [False, True])
def test_depthwise_conv_matches_the_convolution(case, channel_last):
    _check(depthwise_conv, DEPTHWISE_CASES[case], 10 + case, channel_last)


def test_the_rule():
    # ResNet-18 at batch 1: the last stages multiply, the first convolves
    assert conv_form(1, 512, 512, 1, (3, 3), (4, 4)) == "gemm"
    assert conv_form(1, 256, 256, 1, (3, 3), (7, 7)) == "gemm"
    assert conv_form(1, 64, 64, 1, (3, 3), (28, 28)) == "lax"
    assert conv_form(1, 3, 64, 1, (7, 7), (56, 56)) == "lax"
    # batch 32: more positions than filters -> XLA's convolution
    assert conv_form(32, 256, 256, 1, (3, 3), (7, 7)) == "lax"
    assert conv_form(32, 512, 512, 1, (3, 3), (4, 4)) == "gemm"
    # 1x1 kernels follow the same rule; depthwise layers sum windows
    assert conv_form(32, 64, 256, 1, (1, 1), (56, 56)) == "lax"
    assert conv_form(1, 1024, 512, 1, (1, 1), (7, 7)) == "gemm"
    assert conv_form(32, 96, 96, 96, (3, 3), (28, 28)) == "depthwise"
    assert conv_form(1, 64, 64, 32, (3, 3), (8, 8)) == "lax"          # other groups
    assert conv_form(1, 3, 4, 1, (40, 40), (1, 1)) == "window"
    assert conv_form(1, 3, 4, 1, (9, 9), (3, 3)) == "lax"           # 81 taps: too many slices

@pytest.mark.parametrize("form_case", [
    ((1, 16, 4, 4), 16, 1, (3, 3), "gemm"),
    ((2, 8, 6, 6), 8, 8, (3, 3), "depthwise"),
    ((1, 8, 4, 4), 16, 1, (1, 1), "gemm"),
])
def test_nd_convolution_through_each_form(form_case):
    shape, filters, groups, kernel, form = form_case
    out_sizes = shape[2:]
    assert conv_form(shape[0], shape[1], filters, groups, kernel, out_sizes) == form
    rng = np.random.RandomState(3)
    x = nd.array(rng.uniform(-1, 1, shape))
    w = nd.array(rng.uniform(-1, 1, (filters, shape[1] // groups) + kernel))
    b = nd.array(rng.uniform(-1, 1, (filters,)))
    for v in (x, w, b):
        v.attach_grad()
    pad = tuple(k // 2 for k in kernel)
    with autograd.record():
        y = nd.Convolution(x, w, b, kernel=kernel, pad=pad, num_filter=filters,
                           num_group=groups)
    y.backward(nd.array(np.linspace(-1, 1, y.size).reshape(y.shape)))

    def ref(x, w, b):
        out = _reference(x, w, kernel, (1, 1), (1, 1), pad, groups, False)
        return out + b.reshape(1, -1, 1, 1)

    args = [jnp.asarray(v.asnumpy()) for v in (x, w, b)]
    want, vjp = jax.vjp(ref, *args)
    np.testing.assert_allclose(y.asnumpy(), np.asarray(want), rtol=1e-4, atol=1e-4)
    grads = vjp(jnp.asarray(np.linspace(-1, 1, y.size).reshape(y.shape), jnp.float32))
    for v, g in zip((x, w, b), grads):
        np.testing.assert_allclose(v.grad.asnumpy(), np.asarray(g), rtol=1e-4, atol=1e-4)
