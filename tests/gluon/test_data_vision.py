"""gluon.data.vision: ImageFolderDataset and ImageRecordDataset read local files; Rotate
matches MXNet 1.9.1; random rotation/colour/lighting transforms keep their invariants
(their random draws cannot match MXNet's generator)."""
import os
import shutil

import numpy as np
import pytest

import mxjax as mx
from mxjax import recordio
from mxjax.base import MXNetError
from mxjax.gluon.data import vision
from mxjax.gluon.data.vision import transforms as T
import golden_utils

G = golden_utils.load("image_io")
IMAGES = os.path.join(golden_utils.GOLDEN_DIR, "image")


def _rgb():
    return mx.nd.array(G["decode"]["rgb"], dtype="uint8")


def test_image_folder_dataset(tmp_path):
    for cls in ("cat", "dog"):
        os.makedirs(tmp_path / cls)
    shutil.copy(os.path.join(IMAGES, "rgb.png"), tmp_path / "dog" / "a.png")
    shutil.copy(os.path.join(IMAGES, "gray.png"), tmp_path / "cat" / "b.PNG")
    (tmp_path / "dog" / "notes.txt").write_text("x")
    (tmp_path / "stray.png").write_bytes(b"x")
    with pytest.warns(UserWarning, match="Ignoring"):
        ds = vision.ImageFolderDataset(str(tmp_path))
    assert ds.synsets == ["cat", "dog"]
    assert [label for _, label in ds.items] == [0, 1]
    img, label = ds[1]
    assert label == 1
    golden_utils.assert_matches(img, G["decode"]["rgb"], rtol=0, atol=0)
    img, label = ds[0]
    golden_utils.assert_matches(img, G["decode"]["gray_as_color"], rtol=0, atol=0)
    gray_ds = vision.ImageFolderDataset(str(tmp_path), flag=0,
                                        transform=lambda x, y: (x.shape, y + 10))
    assert gray_ds[1] == ((40, 56, 1), 11)
    with pytest.raises(MXNetError, match="not a directory"):
        vision.ImageFolderDataset(str(tmp_path / "missing"))


def test_image_record_dataset(tmp_path):
    rec, idx = str(tmp_path / "d.rec"), str(tmp_path / "d.idx")
    writer = recordio.MXIndexedRecordIO(idx, rec, "w")
    bgr = G["decode"]["rgb"][:, :, ::-1]
    for i in range(3):
        writer.write_idx(i, recordio.pack_img((0, float(i), i, 0), bgr, img_fmt=".png"))
    writer.close()
    ds = vision.ImageRecordDataset(rec)
    assert len(ds) == 3
    img, label = ds[2]
    assert label == 2.0
    golden_utils.assert_matches(img, G["decode"]["rgb"], rtol=0, atol=0)
    loader = mx.gluon.data.DataLoader(
        vision.ImageRecordDataset(rec, transform=lambda x, y: (x.astype("float32"), y)),
        batch_size=2)
    batches = list(loader)
    assert batches[0][0].shape == (2, 40, 56, 3) and batches[1][0].shape == (1, 40, 56, 3)


def test_rotate_matches_mxnet():
    chw = mx.nd.transpose(_rgb().astype("float32"), axes=(2, 0, 1))
    golden_utils.assert_matches(T.Rotate(30)(chw), G["transforms"]["rotate"],
                                rtol=1e-4, atol=1e-2)
    golden_utils.assert_matches(T.Rotate(30, zoom_in=True)(chw),
                                G["transforms"]["rotate_zoom_in"], rtol=1e-4, atol=1e-2)
    with pytest.raises(TypeError, match="float32"):
        T.Rotate(30)(_rgb())


def test_random_rotation_invariants():
    np.random.seed(0)
    chw = mx.nd.transpose(_rgb().astype("float32"), axes=(2, 0, 1))
    out = T.RandomRotation((-20, 20))(chw)
    assert out.shape == chw.shape
    assert T.RandomRotation((-20, 20), rotate_with_proba=0.0)(chw) is chw
    # a rotation by 0 degrees is the identity, up to bilinear rounding
    np.testing.assert_allclose(T.RandomRotation((-1e-6, 1e-6))(chw).asnumpy(), chw.asnumpy(),
                               atol=1e-2)
    with pytest.raises(ValueError, match="ordered"):
        T.RandomRotation((10, -10))


def _gray(a):
    return (a * np.array([0.299, 0.587, 0.114])).sum(-1)


@pytest.mark.parametrize("hybrid", [False, True])
def test_random_colour_transforms_invariants(hybrid):
    mx.random.seed(3)
    x = _rgb().astype("float32")
    a = x.asnumpy()

    def run(t, inp=x):
        if hybrid:
            t.hybridize()
        return t(inp).asnumpy()

    ratios = []
    for _ in range(4):
        out = run(T.RandomBrightness(0.5))
        r = out[a > 0] / a[a > 0]
        assert np.allclose(r, r[0], rtol=1e-5) and 0.5 <= r[0] <= 1.5
        ratios.append(r[0])
    assert len(set(np.round(ratios, 6))) > 1
    out = run(T.RandomSaturation(0.5))
    np.testing.assert_allclose(_gray(out), _gray(a), rtol=1e-4, atol=1e-2)
    out = run(T.RandomContrast(0.5))
    np.testing.assert_allclose(_gray(out).mean(), _gray(a).mean(), rtol=1e-4)
    out = run(T.RandomHue(0.5))
    np.testing.assert_allclose(_gray(out), _gray(a), rtol=1e-3, atol=0.1)
    out = run(T.RandomLighting(0.1))
    shift = (out - a).reshape(-1, 3)
    assert np.allclose(shift, shift[0], atol=1e-3)
    out = run(T.RandomColorJitter(0, 0, 0.5, 0))
    np.testing.assert_allclose(_gray(out), _gray(a), rtol=1e-4, atol=1e-2)
    # zero amounts are the identity
    np.testing.assert_allclose(run(T.RandomColorJitter(0, 0, 0, 0)), a)
    np.testing.assert_allclose(run(T.RandomBrightness(0)), a)
    # uint8 images stay uint8, saturated
    u8 = run(T.RandomBrightness(0.9), _rgb())
    assert u8.dtype == np.uint8
    # batches: one factor per image
    batch = mx.nd.stack(x, x)
    out = run(T.RandomBrightness(0.5), batch)
    r0, r1 = out[0][a > 0] / a[a > 0], out[1][a > 0] / a[a > 0]
    assert np.allclose(r0, r0[0], rtol=1e-5) and np.allclose(r1, r1[0], rtol=1e-5)
