"""Fast creation paths (mxjax/ndarray/transfer.py): values, dtypes, no sharing."""
import math

import numpy as np
import jax
import pytest

import mxjax as mx
from mxjax.ndarray import transfer

DEV = jax.devices("cpu")[0]


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int8", "int32",
                                   "int64", "uint8", "uint64", "bool"])
def test_to_device_keeps_values_and_dtype_on_every_sighting(dtype):
    host = (np.arange(6).reshape(2, 3) % 2).astype(dtype)
    for _ in range(3):  # first sighting: device_put; later ones: the compiled identity
        out = transfer.to_device(host, DEV)
        assert out.dtype == np.dtype(dtype)
        assert out.shape == host.shape
        np.testing.assert_array_equal(np.asarray(out), host)


def test_to_device_never_shares_memory_with_numpy():
    host = np.arange(4096, dtype=np.float32)
    outs = [transfer.to_device(host, DEV) for _ in range(3)]
    host[:] = -1
    for out in outs:
        assert float(out[0]) == 0.0 and float(out[-1]) == 4095.0


@pytest.mark.parametrize("make", ["nd.array", "Parameter.set_data", "Constant", "from_jax"])
def test_creation_copies_host_memory(make):
    # jax.device_put may share an aligned NumPy buffer (it did for 2 of 5 arrays here):
    # every creation from NumPy must copy, as in MXNet
    for _ in range(20):
        host = np.arange(4096, dtype=np.float32)
        if make == "nd.array":
            arr = mx.nd.array(host)
        elif make == "Parameter.set_data":
            p = mx.gluon.Parameter("w", shape=(4096,))
            p.initialize()
            p.set_data(host)
            arr = p.data()
        elif make == "from_jax":
            arr = mx.from_jax(host)
        else:
            c = mx.gluon.Constant("c", host)
            c.initialize()
            arr = c.data()
        host[:] = -1
        assert float(arr[0].asscalar()) == 0.0 and float(arr[4095].asscalar()) == 4095.0


def test_to_device_non_contiguous_input():
    host = np.arange(12, dtype=np.float32).reshape(3, 4).T
    for _ in range(2):
        np.testing.assert_array_equal(np.asarray(transfer.to_device(host, DEV)), host)


@pytest.mark.parametrize("value", [0, 1, 2.5, -0.0, float("nan"), float("inf"), True])
def test_filled_values(value):
    out = transfer.filled((2, 3), value, np.float32, DEV)
    want = np.full((2, 3), value, np.float32)
    np.testing.assert_array_equal(np.asarray(out), want)
    if isinstance(value, float) and value == 0:
        assert math.copysign(1.0, float(out[0, 0])) == math.copysign(1.0, value)


def test_nd_creation_uses_the_fast_paths_with_mxnet_semantics():
    a = mx.nd.array(np.array([1.5, 2.5]))
    assert a.dtype == np.float32           # MXNet: float32 unless dtype is given
    b = mx.nd.array(np.array([1, 2]), dtype="int64")
    assert b.dtype == np.int64
    z = mx.nd.zeros((2, 2), dtype="float64")
    assert z.dtype == np.float64 and float(z.sum().asscalar()) == 0.0
    a.attach_grad()
    assert a.grad.dtype == np.float32 and a.grad.asnumpy().tolist() == [0.0, 0.0]


def test_few_arrays_of_a_new_shape_compile_nothing():
    # MXNet's tests make two or three arrays per random shape for each operator: a
    # compile per shape for the creation alone (0.05-0.3 s each) made them run for minutes
    rng = np.random.RandomState(0)
    shapes = [(int(rng.randint(1, 50)), 7919 + i) for i in range(5)]
    before = mx.engine.stats()["traces"]
    for shape in shapes:
        for _ in range(3):
            np.testing.assert_array_equal(mx.nd.array(np.ones(shape)).asnumpy(), np.ones(shape))
    assert mx.engine.stats()["traces"] == before


def test_first_sightings_take_the_direct_copy_and_compile_nothing():
    assert transfer._probe_put() is not None   # this JAX has it
    host = np.arange(7, dtype=np.float32).reshape(1, 7) + 0.25   # a shape no test uses
    before = mx.engine.stats()["traces"]
    for _ in range(transfer._COMPILE_AFTER):
        out = transfer.to_device(host, DEV)
    filled = transfer.filled((3, 5), 7, np.int32, DEV)   # first sighting: copied over
    assert mx.engine.stats()["traces"] == before
    assert out.committed and out.sharding.device_set == {DEV}
    np.testing.assert_array_equal(np.asarray(out), host)
    np.testing.assert_array_equal(np.asarray(filled), np.full((3, 5), 7, np.int32))
    assert filled.dtype == np.int32


@pytest.mark.parametrize("direct_copy", [True, False])
def test_a_shape_created_often_takes_the_compiled_identity(monkeypatch, direct_copy):
    # a buffer copied in from the host makes the first program reading it wait (17 us
    # against 12 us after the identity program on one CPU): repeated shapes take the
    # program, with or without the direct copy (a JAX without it uses jax.device_put)
    if not direct_copy:
        monkeypatch.setattr(transfer, "_put", [None])
    host = np.arange(9, dtype=np.float32).reshape(1, 9) + (0.5 if direct_copy else 0.25)
    host = host.reshape(1, 9) if direct_copy else host.reshape(9, 1)   # a shape each
    identity = transfer._identity_on(DEV)
    size = identity._cache_size()
    for _ in range(transfer._COMPILE_AFTER + 2):
        out = transfer.to_device(host, DEV)
    assert identity._cache_size() == size + 1
    np.testing.assert_array_equal(np.asarray(out), host)
