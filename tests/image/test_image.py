"""mx.image: decoding, resizing, crops, borders, rotation and deterministic augmenters vs
MXNet 1.9.1 golden values; random augmenters by their invariants; ImageIter over a
RecordIO file."""
import os
import random

import numpy as np
import pytest

import mxjax as mx
from mxjax import image, recordio
from mxjax.base import MXNetError
import golden_utils

G = golden_utils.load("image_io")
ROOT = os.path.join(golden_utils.GOLDEN_DIR, "image")


def _read(name):
    with open(os.path.join(ROOT, name), "rb") as f:
        return f.read()


@pytest.fixture(scope="module")
def img():
    return image.imdecode(_read("rgb.png"))


def test_decode_matches_mxnet(img):
    exp = G["decode"]
    golden_utils.assert_matches(img, exp["rgb"], rtol=0, atol=0)
    golden_utils.assert_matches(image.imdecode(_read("rgb.png"), to_rgb=False), exp["bgr"],
                                rtol=0, atol=0)
    golden_utils.assert_matches(image.imdecode(_read("gray.png")), exp["gray_as_color"],
                                rtol=0, atol=0)
    golden_utils.assert_matches(image.imread(os.path.join(ROOT, "rgb.png")), exp["imread"],
                                rtol=0, atol=0)
    # grayscale conversion and JPEG decoding may round differently across libraries
    golden_utils.assert_matches(image.imdecode(_read("rgb.png"), flag=0), exp["gray"],
                                rtol=0, atol=1)
    jpg = image.imdecode(_read("rgb.jpg")).asnumpy().astype(int)
    assert jpg.shape == exp["jpg"].shape
    assert np.abs(jpg - exp["jpg"]).max() <= 3


def test_decode_errors():
    with pytest.raises(MXNetError, match="not an image"):
        image.imdecode(b"not an image")
    with pytest.raises(MXNetError, match="flag"):
        image.imdecode(_read("rgb.png"), flag=-1)
    with pytest.raises(ValueError, match="bytes"):
        image.imdecode("a string")
    with pytest.raises(MXNetError, match="does not exist"):
        image.imread("/nonexistent/x.png")


def test_resize_and_crops_match_mxnet(img):
    exp = G["resize"]
    f32 = img.astype("float32")
    golden_utils.assert_matches(image.imresize(img, 30, 20, interp=1), exp["u8_linear"],
                                rtol=0, atol=0)
    golden_utils.assert_matches(image.imresize(img, 30, 20, interp=0), exp["u8_nearest"],
                                rtol=0, atol=0)
    # upscaling uint8: OpenCV's fixed-point rounding differs by 1 in ~1% of the values
    golden_utils.assert_matches(image.imresize(img, 70, 45, interp=1), exp["u8_up"],
                                rtol=0, atol=1)
    golden_utils.assert_matches(image.imresize(f32, 30, 20, interp=1), exp["f32_linear"],
                                rtol=1e-5, atol=1e-3)
    golden_utils.assert_matches(image.resize_short(img, 24, interp=1), exp["short"],
                                rtol=0, atol=0)
    golden_utils.assert_matches(image.center_crop(img, (24, 24), interp=1)[0], exp["center"],
                                rtol=0, atol=0)
    golden_utils.assert_matches(image.fixed_crop(img, 3, 5, 20, 10, size=(10, 8), interp=1),
                                exp["fixed"], rtol=0, atol=0)
    golden_utils.assert_matches(image.fixed_crop(img, 3, 5, 20, 10), exp["fixed_nosize"],
                                rtol=0, atol=0)
    assert image.scale_down((640, 480), (720, 120)) == (640, 106)


def test_unimplemented_interpolation_warns_and_uses_bilinear(img):
    with pytest.warns(UserWarning, match="not implemented"):
        image.image._warned_interp.discard(3)
        out = image.imresize(img, 30, 20, interp=3)
    golden_utils.assert_matches(out, G["resize"]["u8_linear"], rtol=0, atol=0)


def test_copy_make_border_matches_mxnet(img):
    for t in range(5):
        golden_utils.assert_matches(image.copyMakeBorder(img, 2, 3, 4, 1, type=t, value=7),
                                    G["border"]["type%d" % t], rtol=0, atol=0)


def test_rotation_matches_mxnet(img):
    chw = mx.nd.transpose(img.astype("float32"), axes=(2, 0, 1))
    exp = G["rotate"]
    golden_utils.assert_matches(image.imrotate(chw, 30), exp["plain"], rtol=1e-4, atol=1e-2)
    golden_utils.assert_matches(image.imrotate(chw, 30, zoom_in=True), exp["zoom_in"],
                                rtol=1e-4, atol=1e-2)
    golden_utils.assert_matches(image.imrotate(chw, -50, zoom_out=True), exp["zoom_out"],
                                rtol=1e-4, atol=1e-2)
    golden_utils.assert_matches(image.imrotate(mx.nd.stack(chw, chw), mx.nd.array([10, -20])),
                                exp["batch"], rtol=1e-4, atol=1e-2)
    with pytest.raises(TypeError, match="float32"):
        image.imrotate(img, 10)


def test_deterministic_augmenters_match_mxnet(img):
    f32 = img.astype("float32")
    exp = G["augment"]
    mean = mx.nd.array([123.68, 116.28, 103.53])
    std = mx.nd.array([58.395, 57.12, 57.375])
    cases = {"normalize": image.ColorNormalizeAug(mean, std), "hue0": image.HueJitterAug(0.0),
             "gray": image.RandomGrayAug(1.0), "flip": image.HorizontalFlipAug(1.0),
             "brightness0": image.BrightnessJitterAug(0.0),
             "saturation0": image.SaturationJitterAug(0.0),
             "contrast0": image.ContrastJitterAug(0.0)}
    for name, aug in cases.items():
        golden_utils.assert_matches(aug(f32.copy()), exp[name], rtol=1e-5, atol=1e-3)


def test_random_augmenters_invariants(img):
    random.seed(0)
    np.random.seed(0)
    f32 = img.astype("float32")
    x = f32.asnumpy()
    out = image.BrightnessJitterAug(0.3)(f32.copy()).asnumpy()
    ratio = out / np.maximum(x, 1e-6)
    assert np.allclose(ratio[x > 0], ratio[x > 0].flat[0], rtol=1e-4)
    assert 0.7 <= ratio[x > 0].flat[0] <= 1.3
    out = image.SaturationJitterAug(0.5)(f32.copy()).asnumpy()
    gray = lambda a: (a * np.array([0.299, 0.587, 0.114])).sum(-1)  # noqa: E731
    np.testing.assert_allclose(gray(out), gray(x), rtol=1e-4, atol=1e-2)
    crops = [image.random_crop(img, (20, 16))[1] for _ in range(20)]
    assert all(0 <= c[0] <= 56 - 20 and 0 <= c[1] <= 40 - 16 and c[2:] == (20, 16)
               for c in crops)
    assert len(set(crops)) > 1
    for _ in range(10):
        out, (x0, y0, w, h) = image.random_size_crop(img, (16, 16), (0.3, 1.0),
                                                     (3 / 4, 4 / 3), interp=1)
        assert out.shape == (16, 16, 3) and x0 + w <= 56 and y0 + h <= 40
    flips = [image.HorizontalFlipAug(0.5)(f32).asnumpy()[0, 0, 0] == x[0, -1, 0]
             for _ in range(40)]
    assert 5 < sum(flips) < 35
    lit = image.LightingAug(0.1, image.image._PCA_EIGVAL, image.image._PCA_EIGVEC)(f32.copy())
    shift = (lit.asnumpy() - x).reshape(-1, 3)
    assert np.allclose(shift, shift[0], atol=1e-3)  # one RGB offset for every pixel
    augs = image.CreateAugmenter((3, 16, 16), resize=20, rand_crop=True, rand_mirror=True,
                                 mean=True, std=True, brightness=0.1, contrast=0.1,
                                 saturation=0.1, hue=0.1, pca_noise=0.1, rand_gray=0.1,
                                 inter_method=1)
    out = img
    for aug in augs:
        out = aug(out)
    assert out.shape == (16, 16, 3) and out.dtype == np.float32
    assert "resizeaug" in augs[0].dumps()


def test_image_iter_over_recordio(tmp_path, img):
    rec, idx = str(tmp_path / "d.rec"), str(tmp_path / "d.idx")
    writer = recordio.MXIndexedRecordIO(idx, rec, "w")
    bgr = img.asnumpy()[:, :, ::-1]
    for i in range(5):
        writer.write_idx(i, recordio.pack_img((0, float(i), i, 0), bgr, quality=1,
                                              img_fmt=".png"))
    writer.close()
    it = image.ImageIter(2, (3, 24, 24), path_imgrec=rec, path_imgidx=idx,
                         aug_list=[image.CenterCropAug((24, 24), interp=1),
                                   image.CastAug()])
    batches = list(it)
    assert len(batches) == 3 and batches[-1].pad == 1
    data = batches[0].data[0].asnumpy()
    expected = np.transpose(G["resize"]["center"], (2, 0, 1)).astype(np.float32)
    np.testing.assert_array_equal(data[0], expected)
    np.testing.assert_array_equal(batches[0].label[0].asnumpy(), [0, 1])
    np.testing.assert_array_equal(batches[1].label[0].asnumpy(), [2, 3])


def test_imresize_unknown_interp_is_mxnet_error():
    # MXNet 1.9.1: imresize(..., interp=-1) and interp=11 raise MXNetError (OpenCV's
    # "Unknown interpolation method"); test_exc_handling.test_opencv_exception.
    import mxjax as mx
    for interp in (-1, 11):
        with pytest.raises(mx.MXNetError, match="Unknown interpolation method"):
            mx.image.imresize(mx.nd.ones((12, 16, 3)), 3, 3, interp=interp).asnumpy()
