"""gluon.data.vision.transforms and DataLoader under npx.set_np(), against MXNet 1.9.1
(tools/golden/numpy_transforms.py; cases in tests/numpy/transforms_cases.py): every
transform takes and returns mx.np.ndarray, with MXNet's values, dtypes and shapes, and a
DataLoader over ``transform_first(...)`` yields np batches whatever its workers."""
import os
import sys

import numpy as onp
import pytest

import mxjax as mx
from mxjax import numpy as np, numpy_extension as npx
from mxjax.gluon import data as gdata
from mxjax.gluon.data.vision import transforms as T
from golden_utils import load, assert_matches

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import transforms_cases as tc  # noqa: E402

GOLDEN = load("numpy_transforms")
ENV = {"T": T}


@pytest.fixture(autouse=True)
def np_mode():
    npx.set_np()
    yield
    npx.reset_np()


def _input(key):
    img = tc.images()[key]
    return np.array(img, dtype=img.dtype)


@pytest.mark.parametrize("name,expr,key", tc.CASES, ids=[c[0] for c in tc.CASES])
def test_transform_values(name, expr, key):
    g = GOLDEN[name]
    y = eval(expr, ENV)(_input(key))  # noqa: S307
    assert tc.kind(y) == str(g["kind"]) == "mx.numpy.ndarray"
    assert onp.dtype(y.dtype).name == str(g["dtype"])
    # uint8 results of float arithmetic may differ by one rounding step (OpenCV's
    # fixed point in MXNet); float results to float32 precision
    atol = 1.0 if onp.dtype(y.dtype) == onp.uint8 else 1e-5
    assert_matches(y, g["output"], rtol=1e-5, atol=atol)


@pytest.mark.parametrize("name,expr,key", tc.RANDOM_CASES, ids=[c[0] for c in tc.RANDOM_CASES])
def test_random_transform_types(name, expr, key):
    g = GOLDEN[name]
    y = eval(expr, ENV)(_input(key))  # noqa: S307
    assert tc.kind(y) == str(g["kind"]) == "mx.numpy.ndarray"
    assert onp.dtype(y.dtype).name == str(g["dtype"])
    assert tuple(y.shape) == tuple(g["shape"].tolist())


@pytest.mark.parametrize("cls,axis", [(T.RandomFlipLeftRight, 1), (T.RandomFlipTopBottom, 0)])
def test_random_flip_np_values(cls, axis):
    """Each call gives the image or its flip, as an np array, and both happen."""
    mx.random.seed(3)
    x = _input("u8")
    flipped = onp.flip(x.asnumpy(), axis=axis)
    seen = set()
    flip = cls()
    for _ in range(24):
        y = flip(x)
        assert isinstance(y, np.ndarray)
        a = y.asnumpy()
        if onp.array_equal(a, flipped):
            seen.add("flipped")
        else:
            onp.testing.assert_array_equal(a, x.asnumpy())
            seen.add("same")
    assert seen == {"flipped", "same"}


def test_flip_keeps_nd_class_outside_np_mode():
    npx.reset_np()
    y = T.RandomFlipLeftRight()(mx.nd.array(tc.images()["u8"], dtype="uint8"))
    assert type(y) is mx.nd.NDArray


def test_transforms_mxnet_cannot_run_on_np_arrays_still_give_np():
    """CropResize and Rotate raise TypeError in MXNet 1.9.1 under set_np (a legacy
    operator; a dtype compared with ``is``); mxjax runs them and keeps the np class."""
    y = T.CropResize(1, 2, 5, 4, size=(3, 3))(_input("u8"))
    assert isinstance(y, np.ndarray) and y.shape == (3, 3, 3)
    y = T.Rotate(30)(_input("f32chw"))
    assert isinstance(y, np.ndarray) and y.shape == (3, 8, 10)


def _loader_dataset():
    X, Y = tc.loader_data()
    return gdata.ArrayDataset(np.array(X, dtype="uint8"), Y).transform_first(
        eval(tc.LOADER_TRANSFORM, ENV))  # noqa: S307


@pytest.mark.parametrize("workers,thread_pool", tc.LOADER_MODES)
def test_dataloader_transform_first_np_batches(workers, thread_pool):
    g = GOLDEN["loader_w%d%s" % (workers, "_threads" if thread_pool else "")]
    loader = gdata.DataLoader(_loader_dataset(), batch_size=4, num_workers=workers,
                              thread_pool=thread_pool)
    batches = list(loader)
    assert len(batches) == 2
    for i, (d, l) in enumerate(batches):
        assert [tc.kind(d), tc.kind(l), onp.dtype(l.dtype).name] == \
            g["kinds%d" % i].tolist()
        assert_matches(d, g["data%d" % i], rtol=1e-5, atol=1e-5)
        assert_matches(l, g["label%d" % i])


class _Samples(gdata.Dataset):
    """Plain NumPy samples (picklable, for worker processes)."""

    def __getitem__(self, i):
        return onp.full((2,), i, dtype="float32"), i

    def __len__(self):
        return 4


def test_dataloader_worker_processes_np_batches(monkeypatch):
    """Worker processes batchify under the creating thread's set_np(): np batches
    come back as np arrays (MXNet forks its workers, which inherit the mode)."""
    monkeypatch.setenv("MXJAX_DATALOADER_PROCESSES", "1")
    batches = list(gdata.DataLoader(_Samples(), batch_size=2, num_workers=2))
    assert len(batches) == 2
    for j, (d, l) in enumerate(batches):
        assert isinstance(d, np.ndarray) and isinstance(l, np.ndarray)
        onp.testing.assert_array_equal(l.asnumpy(), [2 * j, 2 * j + 1])
    npx.reset_np()
    d, l = next(iter(gdata.DataLoader(_Samples(), batch_size=2, num_workers=2)))
    assert type(d) is mx.nd.NDArray and type(l) is mx.nd.NDArray
