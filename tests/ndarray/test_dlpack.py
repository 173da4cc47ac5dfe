"""nd.from_numpy, nd.from_dlpack, nd.to_dlpack_for_read/write and the NDArray methods.

The behaviours checked (dtype kept, read-only source, the ValueErrors) are those of
MXNet 1.9.1's ``from_numpy`` as observed with the reference interpreter.
"""
import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "uint8", "int32", "int64",
                                   "bool"])
def test_from_numpy_keeps_dtype_and_values(dtype):
    src = (np.arange(6).reshape(2, 3) % 3).astype(dtype)
    a = mx.nd.from_numpy(src)
    assert isinstance(a, mx.nd.NDArray)
    assert a.dtype == src.dtype and a.shape == (2, 3) and a.context == mx.cpu(0)
    np.testing.assert_array_equal(a.asnumpy(), src)
    assert not src.flags["WRITEABLE"]


def test_from_numpy_zero_d():
    a = mx.nd.from_numpy(np.array(3.0))
    assert a.shape == () and a.dtype == np.float64 and float(a.asnumpy()) == 3.0


def test_from_numpy_errors():
    with pytest.raises(ValueError, match="int8 is not supported"):
        mx.nd.from_numpy(np.zeros(2, np.int8))
    with pytest.raises(ValueError, match="c-contiguous"):
        mx.nd.from_numpy(np.zeros((2, 3)).T)


def test_from_numpy_zero_copy_shares_memory():
    # Values read with MXNet 1.9.1 (after nd.waitall()): every write into the NDArray or a
    # view of it is seen in the NumPy array, which stays read-only.
    writes = {
        "setitem_int": (lambda m: m.__setitem__((2, 1), 100), [0, 1, 2, 3, 4, 100]),
        "setitem_row": (lambda m: m.__setitem__(1, 5), [0, 1, 5, 5, 4, 5]),
        "iadd": (lambda m: m.__iadd__(1), [1, 2, 3, 4, 5, 6]),
        "out": (lambda m: mx.nd.ones((3, 2), out=m), [1] * 6),
        "elemwise_out": (lambda m: mx.nd.elemwise_add(m, m, out=m), [0, 2, 4, 6, 8, 10]),
        "copyto": (lambda m: mx.nd.ones((3, 2)).copyto(m), [1] * 6),
        "view_iadd": (lambda m: m[0].__iadd__(1), [1, 2, 2, 3, 4, 5]),
        "reshape_set": (lambda m: m.reshape((6,)).__setitem__(slice(None), 3), [3] * 6),
    }
    for name, (write, expected) in writes.items():
        src = np.arange(6, dtype=np.float32).reshape(3, 2)
        m = mx.nd.from_numpy(src)
        write(m)
        assert src.ravel().tolist() == expected, name
        assert m.asnumpy().ravel().tolist() == expected, name
        assert not src.flags["WRITEABLE"]
    src = np.arange(4, dtype=np.float32)
    mx.nd.from_numpy(src, zero_copy=False)[:] = 0   # a copy: the source is not written
    assert src.tolist() == [0, 1, 2, 3] and src.flags["WRITEABLE"]


def test_from_numpy_copy_accepts_any_layout():
    src = np.arange(6.0).reshape(2, 3).T
    a = mx.nd.from_numpy(src, zero_copy=False)
    assert a.dtype == np.float64
    np.testing.assert_array_equal(a.asnumpy(), src)
    assert src.flags["WRITEABLE"]


def test_to_dlpack_and_back():
    x = mx.nd.array([[1, 2, 3], [4, 5, 6]], dtype="int64")
    for cap in (mx.nd.to_dlpack_for_read(x), mx.nd.to_dlpack_for_write(x),
                x.to_dlpack_for_read(), x.to_dlpack_for_write()):
        assert type(cap).__name__ == "PyCapsule"
        y = mx.nd.from_dlpack(cap)
        assert y.dtype == np.int64 and y.shape == (2, 3) and y.context == mx.cpu(0)
        np.testing.assert_array_equal(y.asnumpy(), x.asnumpy())


def test_capsule_is_consumed_once():
    cap = mx.nd.ones((2,)).to_dlpack_for_read()
    mx.nd.from_dlpack(cap)
    with pytest.raises(MXNetError, match="consumed"):
        mx.nd.from_dlpack(cap)


def test_from_dlpack_protocol_objects_and_pending_values():
    a = mx.nd.from_dlpack(np.arange(4, dtype=np.float32))
    np.testing.assert_array_equal(a.asnumpy(), [0, 1, 2, 3])
    x = mx.nd.ones((3,))
    x.attach_grad()
    with mx.autograd.record():
        y = x * 2 + 1  # a recorded (possibly deferred) value
    np.testing.assert_array_equal(mx.nd.from_dlpack(y.to_dlpack_for_read()).asnumpy(),
                                  [3, 3, 3])
    np.testing.assert_array_equal(np.from_dlpack(x.data), [1, 1, 1])
