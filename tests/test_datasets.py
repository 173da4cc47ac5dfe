"""mx.test_utils.download / get_mnist / get_mnist_ubyte / get_mnist_iterator (over
file:// copies of MXNet's MNIST files) and mx.io.MNISTIter (its batches checked against
real MXNet 1.9.1's on the same files: images scaled by 1/256, the last incomplete batch
dropped, parts)."""
import gzip
import struct
import zipfile

import numpy as np
import pytest

import mxjax as mx
from mxjax import datasets
from mxjax.base import MXNetError


def _idx(path, array, gz=False):
    magic = (0x08 << 8) | array.ndim
    data = struct.pack(">I", magic) + struct.pack(">" + "I" * array.ndim, *array.shape) + \
        array.astype(np.uint8).tobytes()
    with (gzip.open if gz else open)(path, "wb") as f:
        f.write(data)


@pytest.fixture
def mnist_site(tmp_path, monkeypatch):
    rng = np.random.RandomState(0)
    site = tmp_path / "site"
    site.mkdir()
    sets = {"train": (rng.randint(0, 256, (12, 28, 28)), np.arange(12) % 10),
            "t10k": (rng.randint(0, 256, (8, 28, 28)), np.arange(8) % 10)}
    with zipfile.ZipFile(site / "mnist.zip", "w") as zf:
        for name, (images, labels) in sets.items():
            _idx(site / ("%s-images-idx3-ubyte.gz" % name), images, gz=True)
            _idx(site / ("%s-labels-idx1-ubyte.gz" % name), labels, gz=True)
            _idx(tmp_path / "raw-images", images)
            _idx(tmp_path / "raw-labels", labels)
            zf.write(tmp_path / "raw-images", "%s-images-idx3-ubyte" % name)
            zf.write(tmp_path / "raw-labels", "%s-labels-idx1-ubyte" % name)
    monkeypatch.setattr(datasets, "MNIST_URL", site.as_uri() + "/")
    monkeypatch.setattr(datasets, "MNIST_ZIP_URL", (site / "mnist.zip").as_uri())
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return sets


def test_get_mnist(mnist_site):
    got = mx.test_utils.get_mnist()
    images, labels = mnist_site["train"]
    assert got["train_data"].shape == (12, 1, 28, 28) and got["train_data"].dtype == np.float32
    np.testing.assert_allclose(got["train_data"][:, 0], images / 255.0, rtol=1e-6)
    assert got["train_label"].dtype == np.int8
    assert got["train_label"].tolist() == labels.tolist()
    assert got["test_data"].shape == (8, 1, 28, 28)


def test_get_mnist_iterator(mnist_site):
    train, val = mx.test_utils.get_mnist_iterator(batch_size=4, input_shape=(784,))
    batches = list(train)
    assert len(batches) == 3 and batches[0].data[0].shape == (4, 784)
    assert sorted(l for b in batches for l in b.label[0].asnumpy().tolist()) == \
        sorted((np.arange(12) % 10).astype(float).tolist())   # shuffled once
    assert [b.data[0].shape for b in val] == [(4, 784), (4, 784)]


def test_download_keeps_a_file(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("one")
    out = mx.test_utils.download(src.as_uri(), dirname=str(tmp_path / "d"))
    assert open(out).read() == "one"
    src.write_text("two")
    assert open(mx.test_utils.download(src.as_uri(), dirname=str(tmp_path / "d"))).read() \
        == "one"
    assert open(mx.test_utils.download(src.as_uri(), dirname=str(tmp_path / "d"),
                                       overwrite=True)).read() == "two"
    with pytest.raises(OSError):
        mx.test_utils.download((tmp_path / "missing").as_uri(), retries=0)


def test_mnist_iter_as_mxnet(tmp_path):
    """Real MXNet 1.9.1 on these files (checked there): images * (1/256), labels float32,
    10 images in batches of 4 give 2 batches; part 1 of 2 holds images 5-9."""
    rng = np.random.RandomState(0)
    images = rng.randint(0, 256, (10, 28, 28)).astype(np.uint8)
    _idx(tmp_path / "img", images)
    _idx(tmp_path / "lbl", np.arange(10))
    it = mx.io.MNISTIter(image=str(tmp_path / "img"), label=str(tmp_path / "lbl"),
                         batch_size=4, shuffle=False)
    batches = list(it)
    assert [b.label[0].asnumpy().tolist() for b in batches] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert batches[0].data[0].asnumpy()[0, 0, 0, :3].tolist() == [0.671875, 0.18359375,
                                                                 0.45703125]
    np.testing.assert_array_equal(batches[1].data[0].asnumpy()[:, 0],
                                  images[4:8].astype(np.float32) / 256)
    part = mx.io.MNISTIter(image=str(tmp_path / "img"), label=str(tmp_path / "lbl"),
                           batch_size=4, shuffle=False, flat=True, num_parts=2, part_index=1)
    assert [(b.data[0].shape, b.label[0].asnumpy().tolist()) for b in part] == \
        [((4, 784), [5, 6, 7, 8])]
    with pytest.raises(MXNetError, match="cannot read"):
        mx.io.MNISTIter(image=str(tmp_path / "nothing"), label=str(tmp_path / "lbl"))


def test_contrib_dataloader_iter():
    from mxjax.gluon.data import ArrayDataset, DataLoader
    x = np.arange(10 * 3, dtype=np.float64).reshape(10, 3)
    y = np.arange(10)
    it = mx.contrib.io.DataLoaderIter(DataLoader(ArrayDataset(x, y), batch_size=4))
    assert it.provide_data[0].shape == (4, 3) and it.provide_label[0].name == "softmax_label"
    for epoch in range(2):
        batches = list(it)
        it.reset()
        assert [b.pad for b in batches] == [0, 0, 2]
        last = batches[-1]
        assert last.data[0].dtype == np.float32 and last.data[0].shape == (4, 3)
        np.testing.assert_array_equal(last.data[0].asnumpy(), np.vstack([x[8:], np.zeros((2, 3))]))
        assert last.label[0].asnumpy().tolist() == [8, 9, 0, 0]


def test_get_cifar10_extracts_once(tmp_path, monkeypatch):
    site = tmp_path / "cifar10.zip"
    with zipfile.ZipFile(site, "w") as zf:
        for name in ("train.rec", "test.rec", "train.lst", "test.lst"):
            zf.writestr("cifar/" + name, name)
    monkeypatch.setattr(datasets, "CIFAR10_ZIP_URL", site.as_uri())
    monkeypatch.chdir(tmp_path)
    mx.test_utils.get_cifar10()
    assert (tmp_path / "data" / "cifar" / "train.lst").read_text() == "train.lst"
    site.unlink()                     # present: nothing is downloaded again
    mx.test_utils.get_cifar10()
