"""gluon.data: datasets, samplers, DataLoader, RecordFileDataset, vision datasets from
local files and vision transforms, vs MXNet 1.9.1 golden values."""
import gzip
import os
import struct
import threading

import numpy as np
import pytest

import mxjax as mx
from mxjax import gluon
from mxjax.base import MXNetError
from mxjax.gluon import data as gdata
from mxjax.gluon.data.vision import transforms as T
import golden_utils

G = golden_utils.load("gluon_train_data")
X = np.arange(10 * 3, dtype="float32").reshape(10, 3)
Y = np.arange(10, dtype="int64") % 3


def stack(batches):
    return np.concatenate([b.reshape(b.shape[0], -1) for b in batches]), \
        np.array([b.shape[0] for b in batches])


@pytest.mark.parametrize("last", ["keep", "discard", "rollover"])
@pytest.mark.parametrize("workers", [0, 2])
def test_dataloader_last_batch_vs_mxnet(last, workers):
    loader = gdata.DataLoader(gdata.ArrayDataset(X, Y), batch_size=4, last_batch=last,
                              num_workers=workers)
    exp = G["loader_" + last]
    assert len(loader) == int(exp["len"])
    for epoch in range(2):
        xs, ys = [], []
        for xb, yb in loader:
            xs.append(xb.asnumpy())
            ys.append(yb.asnumpy())
        d, n = stack(xs)
        lab, _ = stack(ys)
        np.testing.assert_array_equal(d, exp["data%d" % epoch])
        np.testing.assert_array_equal(n, exp["sizes%d" % epoch])
        np.testing.assert_array_equal(lab, exp["label%d" % epoch])
        assert str(ys[0].dtype) == str(exp["ydtype"]) and str(xs[0].dtype) == str(exp["xdtype"])


def test_dataloader_dtypes_and_ndarrays_vs_mxnet():
    loader = gdata.DataLoader(gdata.ArrayDataset(X.astype("float64"), list(range(10))),
                              batch_size=5)
    xb, yb = next(iter(loader))
    golden_utils.assert_matches(xb, G["loader_dtypes"]["x"])
    golden_utils.assert_matches(yb, G["loader_dtypes"]["y"])
    xb, yb = next(iter(gdata.DataLoader(gdata.ArrayDataset(mx.nd.array(X), mx.nd.array(Y)),
                                        batch_size=3)))
    golden_utils.assert_matches(xb, G["loader_nd"]["x"])
    golden_utils.assert_matches(yb, G["loader_nd"]["y"])


def test_dataloader_shuffle_workers_batchify_sampler():
    np.random.seed(0)
    loader = gdata.DataLoader(gdata.ArrayDataset(X, Y), batch_size=3, shuffle=True,
                              num_workers=2, thread_pool=True, prefetch=3)
    seen = np.concatenate([xb.asnumpy() for xb, _ in loader])
    assert sorted(seen[:, 0].tolist()) == X[:, 0].tolist()
    assert seen[:, 0].tolist() != X[:, 0].tolist()
    calls = []

    def batchify(samples):
        calls.append(threading.current_thread().name)
        return len(samples)
    loader = gdata.DataLoader(list(range(7)), batch_size=2, batchify_fn=batchify,
                              num_workers=2)
    assert list(loader) == [2, 2, 2, 1]
    loader = gdata.DataLoader(list(range(6)), batch_sampler=gdata.BatchSampler(
        gdata.SequentialSampler(6), 4, "discard"), batchify_fn=lambda s: s)
    assert list(loader) == [[0, 1, 2, 3]]
    loader = gdata.DataLoader(list(range(5)), batch_size=2, pin_memory=True,
                              sampler=gdata.SequentialSampler(4, start=1))
    assert [b.asnumpy().tolist() for b in loader] == [[1, 2], [3, 4]]
    assert next(iter(loader)).context == mx.cpu_pinned(0)
    auto = gdata.DataLoader(list(range(4)), batch_size=2, num_workers=1, auto_reload=True)
    assert [b.asnumpy().tolist() for b in auto] == [[0, 1], [2, 3]]
    assert [b.asnumpy().tolist() for b in auto] == [[0, 1], [2, 3]]


def test_dataloader_errors():
    ds = gdata.SimpleDataset(list(range(4)))
    with pytest.raises(ValueError, match="batch_size must be specified"):
        gdata.DataLoader(ds)
    with pytest.raises(ValueError, match="shuffle must not be specified"):
        gdata.DataLoader(ds, 2, shuffle=True, sampler=gdata.SequentialSampler(4))
    with pytest.raises(ValueError, match="must not be specified if batch_sampler"):
        gdata.DataLoader(ds, 2, batch_sampler=gdata.BatchSampler(gdata.SequentialSampler(4), 2))
    with pytest.raises(MXNetError, match="last_batch must be one of"):
        list(gdata.DataLoader(ds, 3, last_batch="bogus"))


def test_samplers_vs_mxnet():
    bs = gdata.BatchSampler(gdata.SequentialSampler(7, start=2), 3, "rollover")
    passes = [list(bs) for _ in range(3)]
    np.testing.assert_array_equal(sum(sum(passes, []), []), G["batch_sampler_rollover"]["flat"])
    np.testing.assert_array_equal([len(p) for p in passes], G["batch_sampler_rollover"]["lens"])
    from mxjax.gluon.data.sampler import IntervalSampler
    np.testing.assert_array_equal(list(IntervalSampler(10, 3)),
                                  G["interval_sampler"]["rollover"])
    np.testing.assert_array_equal(list(IntervalSampler(10, 3, rollover=False)),
                                  G["interval_sampler"]["norollover"])
    with pytest.raises(AssertionError):
        IntervalSampler(3, 4)
    np.random.seed(1)
    rs = gdata.RandomSampler(6)
    assert len(rs) == 6 and sorted(rs) == list(range(6))
    fs = gdata.FilterSampler(lambda x: x > 2, list(range(6)))
    assert list(fs) == [3, 4, 5] and len(fs) == 3
    assert len(gdata.BatchSampler(gdata.SequentialSampler(7), 3, "keep")) == 3
    assert len(gdata.BatchSampler(gdata.SequentialSampler(7), 3, "discard")) == 2


def test_dataset_ops_vs_mxnet():
    base = gdata.SimpleDataset(list(range(10)))
    exp = G["dataset_ops"]
    np.testing.assert_array_equal(np.concatenate([list(base.shard(3, i)) for i in range(3)]),
                                  exp["shard"])
    np.testing.assert_array_equal([len(base.shard(3, i)) for i in range(3)],
                                  exp["shard_sizes"])
    np.testing.assert_array_equal(list(base.take(4)), exp["take"])
    assert len(base.take(None)) == 10
    np.testing.assert_array_equal(list(base.filter(lambda x: x % 3 == 0)), exp["filter"])
    np.testing.assert_array_equal(list(base.transform(lambda x: x * 10)), exp["transform"])
    np.testing.assert_array_equal(list(base.transform(lambda x: x * 10, lazy=False)),
                                  exp["transform"])
    np.testing.assert_array_equal(list(base.sample(gdata.SequentialSampler(3, start=5))),
                                  exp["sample"])
    tf = gdata.ArrayDataset(X, Y).transform_first(lambda x: x.sum())
    np.testing.assert_array_equal([tf[i][0] for i in range(10)], G["transform_first"]["x"])
    np.testing.assert_array_equal([tf[i][1] for i in range(10)], G["transform_first"]["y"])
    with pytest.raises(AssertionError, match="Shard index of out bound"):
        base.shard(3, 3)
    with pytest.raises(TypeError, match="Invalid sampler type"):
        base.sample([1, 2])
    with pytest.raises(AssertionError, match="same length"):
        gdata.ArrayDataset(X, Y[:3])
    single = gdata.ArrayDataset(mx.nd.array(Y))
    assert isinstance(single[0], np.generic)


def test_record_file_dataset_reads_mxnet_files(tmp_path):
    exp = G["recordio"]
    rec, idx = tmp_path / "r.rec", tmp_path / "r.idx"
    rec.write_bytes(exp["rec"].tobytes())
    idx.write_bytes(exp["idx"].tobytes())
    ds = gdata.RecordFileDataset(str(rec))
    assert len(ds) == int(exp["n"])
    for i in range(len(ds)):
        assert ds[i] == exp["rec%d" % i].tobytes()
    with pytest.raises(MXNetError, match="does not exist"):
        gdata.RecordFileDataset(str(tmp_path / "missing.rec"))


# -- vision datasets ------------------------------------------------------------------


def _write_idx(path, array, compress):
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + \
        struct.pack(">" + "I" * array.ndim, *array.shape)
    payload = header + array.astype(np.uint8).tobytes()
    if compress:
        with gzip.open(path + ".gz", "wb") as f:
            f.write(payload)
    else:
        with open(path, "wb") as f:
            f.write(payload)


@pytest.mark.parametrize("cls", [gdata.vision.MNIST, gdata.vision.FashionMNIST])
@pytest.mark.parametrize("compress", [True, False])
def test_mnist_from_local_idx_files(tmp_path, cls, compress):
    r = np.random.RandomState(0)
    imgs = r.randint(0, 256, (5, 28, 28)).astype(np.uint8)
    labels = np.array([3, 1, 4, 1, 5], np.uint8)
    _write_idx(str(tmp_path / "t10k-images-idx3-ubyte"), imgs, compress)
    _write_idx(str(tmp_path / "t10k-labels-idx1-ubyte"), labels, compress)
    ds = cls(root=str(tmp_path), train=False)
    assert len(ds) == 5
    x, y = ds[2]
    assert x.shape == (28, 28, 1) and x.dtype == np.uint8 and y.dtype == np.int32
    np.testing.assert_array_equal(x.asnumpy()[:, :, 0], imgs[2])
    assert int(y) == 4
    with pytest.raises(MXNetError, match="train-labels-idx1-ubyte.gz.*not found.*does not "
                                         "download"):
        cls(root=str(tmp_path), train=True)
    tds = cls(root=str(tmp_path), train=False,
              transform=lambda d, lab: (d.astype("float32") / 255, lab + 1))
    assert int(tds[0][1]) == 4
    loader = gdata.DataLoader(ds.transform_first(T.ToTensor()), batch_size=2)
    xb, yb = next(iter(loader))
    assert xb.shape == (2, 1, 28, 28) and yb.dtype == np.int32


def test_cifar10_from_local_batches(tmp_path):
    r = np.random.RandomState(1)
    rows = np.concatenate([r.randint(0, 10, (4, 1)), r.randint(0, 256, (4, 3072))], axis=1)
    (tmp_path / "test_batch.bin").write_bytes(rows.astype(np.uint8).tobytes())
    ds = gdata.vision.CIFAR10(root=str(tmp_path), train=False)
    assert len(ds) == 4
    x, y = ds[1]
    assert x.shape == (32, 32, 3) and int(y) == rows[1, 0]
    np.testing.assert_array_equal(x.asnumpy(), rows[1, 1:].reshape(3, 32, 32).transpose(1, 2, 0))
    with pytest.raises(MXNetError, match="data_batch_1.bin not found"):
        gdata.vision.CIFAR10(root=str(tmp_path), train=True)
    rows100 = np.concatenate([r.randint(0, 20, (3, 1)), r.randint(0, 100, (3, 1)),
                              r.randint(0, 256, (3, 3072))], axis=1)
    (tmp_path / "test.bin").write_bytes(rows100.astype(np.uint8).tobytes())
    fine = gdata.vision.CIFAR100(root=str(tmp_path), train=False, fine_label=True)
    coarse = gdata.vision.CIFAR100(root=str(tmp_path), train=False)
    assert int(fine[2][1]) == rows100[2, 1] and int(coarse[2][1]) == rows100[2, 0]


# -- transforms --------------------------------------------------------------------------

IMG = G["tr_input"]["img"]
IMGF = G["tr_input"]["imgf"]


def u8(a):
    return mx.nd.array(a, dtype="uint8")


def test_totensor_normalize_cast_vs_mxnet():
    golden_utils.assert_matches(T.ToTensor()(u8(IMG)), G["tr_totensor"]["out"])
    golden_utils.assert_matches(T.ToTensor()(u8(np.stack([IMG, IMG[::-1]]))),
                                G["tr_totensor_batch"]["out"])
    golden_utils.assert_matches(
        T.Normalize((0.5, 0.4, 0.3), (0.2, 0.25, 0.5))(T.ToTensor()(u8(IMG))),
        G["tr_normalize"]["out"], rtol=1e-6)
    golden_utils.assert_matches(T.Normalize(0.5, 2.0)(mx.nd.array(IMGF.transpose(2, 0, 1))),
                                G["tr_normalize_scalar"]["out"], rtol=1e-6)
    golden_utils.assert_matches(T.Cast("float16")(u8(IMG)), G["tr_cast"]["out"])
    with pytest.raises(MXNetError, match="either 1 or 3"):
        T.Normalize()(mx.nd.ones((2, 3, 3)))


@pytest.mark.parametrize("name,size,keep,interp", [
    ("r_nearest", (4, 3), False, 0), ("r_nearest_up", (13, 11), False, 0),
    ("r_linear_down", (4, 3), False, 1), ("r_linear_int", 5, False, 1),
    ("r_keep", 4, True, 1), ("r_keep_nearest", 12, True, 0), ("r_linear_up", (14, 10), False, 1)])
def test_resize_vs_mxnet(name, size, keep, interp):
    exp = G["tr_" + name]
    out = T.Resize(size, keep, interp)(u8(IMG))
    if interp == 1 and name == "r_linear_up":
        # OpenCV's 8-bit bilinear upscaling rounds a few pixels differently
        golden_utils.assert_matches(out, exp["out"], rtol=0, atol=1)
    else:
        golden_utils.assert_matches(out, exp["out"], rtol=0, atol=0)
    golden_utils.assert_matches(T.Resize(size, keep, interp)(mx.nd.array(IMGF)), exp["outf"],
                                rtol=1e-5, atol=1e-6)


def test_resize_hybridized_and_batched():
    r = T.Resize((4, 3), interpolation=1)
    r.hybridize()
    golden_utils.assert_matches(r(u8(IMG)), G["tr_r_linear_down"]["out"], rtol=0, atol=0)
    batch = T.Resize((4, 3), interpolation=0)(u8(np.stack([IMG, IMG])))
    np.testing.assert_array_equal(batch.asnumpy()[1], G["tr_r_nearest"]["out"])
    with pytest.raises(MXNetError, match="interpolation 3 is not supported"):
        T.Resize(4, interpolation=3)(u8(IMG))


def test_crops_and_compose_vs_mxnet():
    golden_utils.assert_matches(T.CenterCrop((4, 3))(u8(IMG)), G["tr_center_crop"]["out"])
    golden_utils.assert_matches(T.CenterCrop(8, interpolation=0)(u8(IMG)),
                                G["tr_center_crop"]["out_big"])
    golden_utils.assert_matches(T.CropResize(1, 2, 5, 3)(u8(IMG)), G["tr_crop_resize"]["out"])
    golden_utils.assert_matches(T.CropResize(1, 0, 6, 4, size=(3, 2), interpolation=1)(
        mx.nd.array(IMGF)), G["tr_crop_resize"]["out_resized"], rtol=1e-5, atol=1e-6)
    comp = T.Compose([T.Resize(4, interpolation=0), T.ToTensor(), T.Normalize(0.5, 0.25)])
    golden_utils.assert_matches(comp(u8(IMG)), G["tr_compose"]["out"], rtol=1e-6)
    assert isinstance(comp[0], gluon.nn.HybridSequential)


def test_random_transforms():
    import random
    random.seed(0)
    out = T.RandomResizedCrop((5, 4))(u8(IMG))
    assert out.shape == (4, 5, 3) and out.dtype == np.uint8
    mx.random.seed(1)
    flips = set()
    for _ in range(12):
        o = T.RandomFlipLeftRight()(u8(IMG)).asnumpy()
        assert np.array_equal(o, IMG) or np.array_equal(o, IMG[:, ::-1])
        flips.add(np.array_equal(o, IMG))
        o = T.RandomFlipTopBottom()(u8(IMG)).asnumpy()
        assert np.array_equal(o, IMG) or np.array_equal(o, IMG[::-1])
    assert flips == {True, False}
    ra = T.RandomApply(T.Cast("float16"), p=0.0)
    assert ra(u8(IMG)).dtype == np.uint8


def test_abstract_dataset_and_sampler():
    with pytest.raises(NotImplementedError):
        len(gdata.Dataset())
    with pytest.raises(NotImplementedError):
        iter(gdata.Sampler())
    assert isinstance(gdata.ArrayDataset(X), gdata.Dataset)
    assert isinstance(gdata.SequentialSampler(3), gdata.Sampler)


class _PidDataset(gdata.Dataset):
    """Each sample says which process made it."""

    def __getitem__(self, i):
        return mx.nd.array([i, os.getpid()], dtype="float64")

    def __len__(self):
        return 6


def test_dataloader_workers_are_threads_by_default():
    rows = np.concatenate([b.asnumpy() for b in gdata.DataLoader(
        _PidDataset(), batch_size=2, num_workers=2)])
    assert rows[:, 0].tolist() == list(range(6))
    assert set(rows[:, 1].astype(int).tolist()) == {os.getpid()}


def test_dataloader_workers_are_processes_on_request(monkeypatch):
    monkeypatch.setenv("MXJAX_DATALOADER_PROCESSES", "1")
    batches = [b.asnumpy() for b in gdata.DataLoader(_PidDataset(), batch_size=2,
                                                     num_workers=2)]
    rows = np.concatenate(batches)
    assert rows[:, 0].tolist() == list(range(6)) and batches[0].dtype == np.float64
    assert os.getpid() not in set(rows[:, 1].astype(int).tolist())
    rows = np.concatenate([b.asnumpy() for b in gdata.DataLoader(
        _PidDataset(), batch_size=2, num_workers=2, thread_pool=True)])
    assert set(rows[:, 1].astype(int).tolist()) == {os.getpid()}
    local = gdata.SimpleDataset(list(range(4))).transform(lambda x: x * 10)
    with pytest.warns(UserWarning, match="cannot be pickled"):
        loader = gdata.DataLoader(local, batch_size=2, num_workers=1)
    assert [b.asnumpy().tolist() for b in loader] == [[0, 10], [20, 30]]
