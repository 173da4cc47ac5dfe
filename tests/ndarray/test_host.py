"""NDArray.asnumpy(): a writable copy the caller owns, and the NumPy-1 scalar idiom."""
import pickle

import numpy as np
import pytest

import mxjax as mx
from mxjax.ndarray.host import LegacyScalarArray, to_host


def test_asnumpy_is_a_writable_copy():
    # MXNet 1.9.1: asnumpy() is writeable and owns its data; writing to it leaves the NDArray alone.
    x = mx.nd.array([1.0, 2.0, 3.0])
    a = x.asnumpy()
    assert a.flags.writeable
    a[0] = 10.0
    a += 1
    assert x.asnumpy().tolist() == [1.0, 2.0, 3.0]
    assert x.asnumpy() is not x.asnumpy()


def test_asnumpy_of_pending_and_recorded_results_is_writable():
    x = mx.nd.array([1.0, 2.0])
    x.attach_grad()
    with mx.autograd.record():
        y = x * x
    y.backward()
    g = x.grad.asnumpy()
    g[:] = 0  # the ValueError "output array is read-only" of MXNet's higher-order tests
    assert x.grad.asnumpy().tolist() == [2.0, 4.0]


@pytest.mark.parametrize("shape", [(1,), (1, 1), (1, 1, 1)])
def test_one_element_result_converts_like_numpy_1(shape):
    # MXNet-era idioms: float(loss.asnumpy()), '%f' % loss.mean().asnumpy() (shape (1,)).
    a = mx.nd.full(shape, 2.5).asnumpy()
    assert isinstance(a, np.ndarray) and a.shape == shape
    assert float(a) == 2.5
    assert int(a) == 2
    assert complex(a) == 2.5 + 0j
    assert "%f" % a == "2.500000"
    assert "%d" % a == "2"
    assert "{:.2f}".format(a) == "2.50"
    assert repr(a) == repr(np.full(shape, 2.5, np.float32))
    assert str(a) == str(np.full(shape, 2.5, np.float32))


def test_reduction_idiom():
    loss = mx.nd.array([[1.0, 2.0], [3.0, 4.0]]).mean()
    assert loss.shape == (1,)
    assert "%.3f" % loss.asnumpy() == "2.500"
    assert float(loss.asnumpy()) == 2.5


def test_numpy_sees_plain_arrays_otherwise():
    a = mx.nd.array([3.0]).asnumpy()
    for result in (a + 1, np.sqrt(a), np.concatenate([a, a]), a * np.ones(3), a == 3):
        assert type(result) is np.ndarray
    assert type(a.sum()) is np.float32
    assert type(np.asarray(mx.nd.array([3.0]))) is np.ndarray
    assert type(pickle.loads(pickle.dumps(a))) is np.ndarray
    # bigger arrays are plain ndarrays and keep NumPy 2's rules
    b = mx.nd.ones((2,)).asnumpy()
    assert type(b) is np.ndarray
    with pytest.raises(TypeError):
        float(b)


def test_size_other_than_one_keeps_numpy_errors():
    a = to_host(np.ones((1,), np.float32)).reshape(1)
    wide = np.ones((1,)).view(LegacyScalarArray)
    wide = np.broadcast_to(wide, (3,)).view(LegacyScalarArray)
    with pytest.raises(TypeError):
        float(wide)
    with pytest.raises(TypeError):
        int(wide)
    assert float(a) == 1.0


def test_zero_d_and_empty_are_plain():
    assert type(to_host(np.float32(1.0))) is np.ndarray
    assert type(to_host(np.zeros((0,)))) is np.ndarray
