"""mx.npx beyond the golden table: save/load, devices, training-mode operators, errors."""
import os

import numpy as onp
import pytest

import mxjax as mx
from mxjax import numpy as np, numpy_extension as npx, autograd
from mxjax.base import MXNetError


def test_save_load_roundtrip(tmp_path):
    a, b = np.arange(6).reshape(2, 3), np.array([1, 2], dtype="int32")
    f = os.path.join(str(tmp_path), "arrs")
    npx.save(f, {"a": a, "b": b})
    got = npx.load(f)
    assert set(got) == {"a", "b"} and all(type(v) is np.ndarray for v in got.values())
    onp.testing.assert_array_equal(got["a"].asnumpy(), a.asnumpy())
    assert got["b"].dtype == onp.int32
    npx.save(f, [a])
    assert type(npx.load(f)[0]) is np.ndarray


def test_devices_and_waitall():
    assert npx.cpu() == mx.cpu(0) and npx.cpu_pinned(0).device_type == "cpu_pinned"
    assert npx.current_context() == mx.current_context()
    assert isinstance(npx.Context("cpu", 0), mx.Context) and npx.gpu(0).device_type == "gpu"
    assert npx.num_gpus() == mx.num_gpus()
    npx.waitall()
    with pytest.raises(ValueError):
        npx.get_cuda_compute_capability(npx.cpu())
    if npx.num_gpus() == 0:
        with pytest.raises(MXNetError):
            npx.gpu_memory_info(0)


def test_dropout_training_mode():
    x = np.ones((1000,))
    with autograd.record():
        y = npx.dropout(x, p=0.5)
    v = y.asnumpy()
    assert set(onp.unique(v).tolist()) <= {0.0, 2.0} and 0.35 < (v == 0).mean() < 0.65
    onp.testing.assert_array_equal(npx.dropout(x, p=0.5).asnumpy(), x.asnumpy())


def test_batch_norm_training_matches_formula():
    rs = onp.random.RandomState(0)
    v = rs.normal(size=(4, 3, 2)).astype("float32")
    g, b = np.array([1.5, 0.5, 2.0]), np.array([0.1, 0.2, 0.3])
    with autograd.record():
        out = npx.batch_norm(np.array(v), g, b, np.zeros(3), np.ones(3), fix_gamma=False,
                             eps=1e-5)
    mean = v.mean(axis=(0, 2), keepdims=True)
    var = v.var(axis=(0, 2), keepdims=True)
    ref = (v - mean) / onp.sqrt(var + 1e-5) * g.asnumpy()[:, None] + b.asnumpy()[:, None]
    assert type(out) is np.ndarray
    onp.testing.assert_allclose(out.asnumpy(), ref, rtol=1e-4, atol=1e-5)


def test_constraint_check_and_nonzero():
    assert bool(npx.constraint_check(np.array([1., 1.]) > 0, "fine"))
    with pytest.raises(MXNetError, match="must be positive"):
        npx.constraint_check(np.array([1., -1.]) > 0, "must be positive")
    assert npx.nonzero(np.array([0., 3., 0., 4.])).asnumpy().tolist() == [[1], [3]]


def test_reshape_errors():
    with pytest.raises(MXNetError):
        npx.reshape(np.ones((2, 3)), (4, -1))
    with pytest.raises(MXNetError):
        npx.reshape(np.ones((2, 3)), (-3, -2))
    assert npx.reshape(np.ones((2, 3)), 6).shape == (6,)


def test_nd_operators_keep_np_class_and_record():
    x = np.array([[-1., 2.], [3., -4.]])
    x.attach_grad()
    with autograd.record():
        y = npx.sigmoid(npx.relu(x)).sum()
    y.backward()
    s = 1 / (1 + onp.exp(-onp.maximum(x.asnumpy(), 0)))
    onp.testing.assert_allclose(x.grad.asnumpy(), s * (1 - s) * (x.asnumpy() > 0), rtol=1e-5)
    assert type(npx.one_hot(np.array([1, 0]), 2)) is np.ndarray
    assert type(npx.embedding(np.array([1.]), np.ones((2, 3)), input_dim=2,
                              output_dim=3)) is np.ndarray


def test_helpers():
    npx.check_call(0)
    with pytest.raises(MXNetError):
        npx.check_call(-1)

    class A:
        @npx.classproperty
        def name(cls):
            return cls.__name__
    assert A.name == "A"

    class Meta(type):
        pass

    class B(npx.with_metaclass(Meta, object)):
        pass
    assert type(B) is Meta
