"""nd.image / sym.image operators: the deterministic ones against MXNet 1.9.1
(tools/golden/image_ops.py: values, gradients, errors); the random ones by their
distributions, dtypes and shapes."""
import numpy as np
import pytest

import mxjax as mx
from mxjax import nd
from mxjax.base import MXNetError
from spatial_golden import cases, replay, check_coverage


@pytest.mark.parametrize("c", cases("image_ops"))
def test_golden_image_ops(c):
    replay(c)


OPS = {"_image_to_tensor": "image.to_tensor", "_image_normalize": "image.normalize",
       "_image_flip_left_right": "image.flip_left_right",
       "_image_flip_top_bottom": "image.flip_top_bottom", "_image_crop": "image.crop",
       "_image_adjust_lighting": "image.adjust_lighting", "_image_resize": "image.resize"}


def test_golden_cases_cover_every_deterministic_operator():
    check_coverage("image_ops", OPS)


def _img(dtype="float32", shape=(6, 5, 3), seed=0):
    return nd.array(np.random.RandomState(seed).uniform(0, 255, shape), dtype=dtype)


def test_random_flips_draw_each_way():
    x = _img()
    lr, tb = x.asnumpy()[:, ::-1], x.asnumpy()[::-1]
    seen_lr, seen_tb = set(), set()
    for _ in range(40):
        out = nd.image.random_flip_left_right(x).asnumpy()
        seen_lr.add("flip" if np.array_equal(out, lr) else
                    "same" if np.array_equal(out, x.asnumpy()) else "other")
        out = nd.image.random_flip_top_bottom(x).asnumpy()
        seen_tb.add("flip" if np.array_equal(out, tb) else
                    "same" if np.array_equal(out, x.asnumpy()) else "other")
    assert seen_lr == {"flip", "same"} and seen_tb == {"flip", "same"}


def test_random_brightness_factor_range_and_saturation():
    x = _img()
    ratios = []
    for _ in range(200):
        out = nd.image.random_brightness(x, min_factor=0.5, max_factor=1.5).asnumpy()
        r = out / x.asnumpy()
        assert np.allclose(r, r.flat[0], rtol=1e-5)  # one factor per image
        ratios.append(r.flat[0])
    ratios = np.array(ratios)
    assert ratios.min() >= 0.5 and ratios.max() <= 1.5
    assert abs(ratios.mean() - 1.0) < 0.06 and abs(ratios.std() - 1 / np.sqrt(12)) < 0.04
    big = nd.image.random_brightness(_img("uint8"), min_factor=3.0, max_factor=3.0)
    assert big.dtype == np.uint8
    # clipped, then truncated (MXNet: 1.5 * [0, 1, 3, 5] -> [0, 1, 4, 7])
    expect = np.trunc(np.clip(_img("uint8").asnumpy().astype(np.float32) * 3, 0, 255))
    np.testing.assert_array_equal(big.asnumpy(), expect)


def _gray(x):
    return x @ np.array([0.299, 0.587, 0.114], np.float32)


def test_contrast_saturation_hue_fixed_factors():
    x = _img()
    a = x.asnumpy()
    out = nd.image.random_contrast(x, min_factor=0.3, max_factor=0.3).asnumpy()
    np.testing.assert_allclose(out, a * 0.3 + _gray(a).mean() * 0.7, rtol=1e-5, atol=1e-3)
    out = nd.image.random_saturation(x, min_factor=0.0, max_factor=0.0).asnumpy()
    np.testing.assert_allclose(out, np.repeat(_gray(a)[..., None], 3, -1), rtol=1e-5,
                               atol=1e-3)
    # a factor of 1 rotates the hue by 0 (the YIQ matrices' 3-digit round trip moves a
    # pixel by < 1); 2 rotates by pi (chroma negated, luma kept)
    np.testing.assert_allclose(nd.image.random_hue(x, min_factor=1.0, max_factor=1.0)
                               .asnumpy(), a, rtol=0, atol=1.0)
    rot = nd.image.random_hue(x, min_factor=2.0, max_factor=2.0).asnumpy()
    np.testing.assert_allclose(_gray(rot), _gray(a), rtol=1e-3, atol=0.2)


def test_color_jitter_and_lighting():
    x = _img()
    same = nd.image.random_color_jitter(x, brightness=0, contrast=0, saturation=0, hue=0)
    np.testing.assert_allclose(same.asnumpy(), x.asnumpy(), rtol=1e-6)
    outs = [nd.image.random_color_jitter(x, brightness=0.5, contrast=0.5, saturation=0.5,
                                         hue=0.1).asnumpy() for _ in range(3)]
    assert outs[0].shape == (6, 5, 3) and not np.allclose(outs[0], outs[1])
    zero = nd.image.random_lighting(x, alpha_std=0.0).asnumpy()
    np.testing.assert_allclose(zero, x.asnumpy(), rtol=1e-6)
    shifts = np.array([(nd.image.random_lighting(x, alpha_std=0.1).asnumpy() - x.asnumpy())
                       [0, 0] for _ in range(100)])
    # the shift is eig @ alpha, the same on every pixel; its spread follows alpha_std
    assert 1.0 < shifts[:, 0].std() < 10.0


def test_integer_images_truncate():
    x = nd.array([[[0, 1, 3], [5, 7, 9]]], dtype="uint8")
    out = nd.image.random_brightness(x, min_factor=1.5, max_factor=1.5)
    np.testing.assert_array_equal(out.asnumpy(), [[[0, 1, 4], [7, 10, 13]]])


def test_flip_gradient_is_flipped():
    x = _img()
    x.attach_grad()
    head = _img(seed=3)
    with mx.autograd.record():
        y = nd.image.flip_left_right(x)
    y.backward(head)
    np.testing.assert_array_equal(x.grad.asnumpy(), head.asnumpy()[:, ::-1])


def test_random_ops_check_inputs():
    with pytest.raises(MXNetError, match="height, width, channels"):
        nd.image.random_flip_left_right(_img(shape=(2, 4, 4, 3)))
    with pytest.raises(MXNetError, match="3 channels"):
        nd.image.random_hue(_img(shape=(4, 4, 1)), min_factor=0.5, max_factor=1.5)


def test_symbol_image_ops():
    data = mx.sym.Variable("data")
    sym = mx.sym.image.normalize(mx.sym.image.to_tensor(mx.sym.image.crop(
        data, x=1, y=0, width=3, height=4)), mean=(0.5,), std=(0.5,))
    _, outs, _ = sym.infer_shape(data=(6, 5, 3))
    assert outs == [(3, 4, 3)]
    x = _img()
    got = sym.eval(data=x)[0].asnumpy()
    want = (x.asnumpy()[0:4, 1:4].transpose(2, 0, 1) / 255.0 - 0.5) / 0.5
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
