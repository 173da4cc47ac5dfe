"""The NDArray handle: creation, attributes, conversions, dunders, printing, errors."""
import pickle

import numpy as np
import pytest

import mxjax as mx
from mxjax import nd, autograd
from mxjax.base import MXNetError
from golden_utils import load, assert_matches

G = load("foundation")


@pytest.mark.parametrize("case", sorted(G["repr"]))
def test_repr_matches_mxnet(case):
    arrays = {
        "float2x2": lambda: nd.array([[1, 2], [3, 4]]),
        "int32": lambda: nd.array([1, 2, 3], dtype="int32"),
        "scalar0d": lambda: nd.array(3.5),
        "float64": lambda: nd.array([1.5, 2.25], dtype="float64"),
        "big": lambda: nd.array([[1e-5, 1e10], [3, 4]]),
        "uint8": lambda: nd.array([1, 255], dtype="uint8"),
        "float16": lambda: nd.array([0.1, 2], dtype="float16"),
        "three_d": lambda: nd.arange(8).reshape((2, 2, 2)),
        "reduce": lambda: nd.sum(nd.ones((2, 3))),
    }
    assert repr(arrays[case]()) == str(G["repr"][case])
    assert str(arrays[case]()) == str(G["repr"][case])


def test_dtypes_match_mxnet():
    got = {
        "list": nd.array([1, 2]).dtype, "np_int64": nd.array(np.array([1, 2])).dtype,
        "np_float64": nd.array(np.array([1.0])).dtype, "zeros": nd.zeros(2).dtype,
        "arange": nd.arange(3).dtype, "full": nd.full((2,), 3).dtype,
        "uniform": nd.random.uniform(shape=2).dtype,
        "int_mean": nd.mean(nd.array([1, 2], dtype="int32")).dtype,
        "cmp": (nd.array([1, 2], dtype="int32") > 1).dtype,
        "astype": nd.array([1.5]).astype("int64").dtype,
    }
    for k, v in got.items():
        assert np.dtype(v).name == str(G["dtypes"][k]), k
    assert nd.array([1, 2]).dtype is np.float32  # a NumPy scalar type, as MXNet


def test_arithmetic_matches_mxnet():
    x = nd.array([1.0, 2.0, 4.0])
    xi = nd.array([1, 2, 5], dtype="int32")
    got = {
        "radd": 1 + x, "rsub": 3 - x, "rmul": 2 * x, "rdiv": 2 / x, "rpow": 2 ** x, "pow": x ** 2,
        "mod": x % 3, "rmod": 5 % x, "neg": -x, "eq": x == 2, "ne": x != 2, "gt": x > 1.5,
        "ge": x >= 2, "lt": x < 2, "le": x <= 2, "int_mul": xi * 2.5, "int_div": xi / 2,
        "int_rdiv": 10 / xi, "int_gt": xi > 1, "int_mod": xi % 2,
    }
    for k, v in got.items():
        assert_matches(v, G["arith"][k])


def test_inplace_arithmetic():
    x = nd.array([1.0, 2.0])
    y = x
    x += 1
    x *= 3
    x -= nd.array([1.0, 1.0])
    x /= 2
    assert y is x
    np.testing.assert_allclose(x.asnumpy(), [2.5, 4.0])


@pytest.mark.parametrize("case", sorted(G["reshape"]))
def test_reshape_codes(case):
    shapes = {
        "c0": ((0, -1), False), "c-1": ((-1,), False), "c-2": ((-2,), False),
        "c-3": ((-3, 0), False), "c-4": ((-4, 1, 2, 0, 0), False),
        "c-4b": ((0, -4, -1, 3, 4), False), "rev": ((0, -1), True), "mix": ((2, -1, 2), False),
        "c-2b": ((2, -2), False), "c-3b": ((0, -3), False),
    }
    s, r = shapes[case]
    assert nd.zeros((2, 3, 4)).reshape(s, reverse=r).shape == tuple(G["reshape"][case])


def test_reshape_that_does_not_fit():
    with pytest.raises(MXNetError, match="Reshape"):
        nd.zeros((2, 3, 4)).reshape((5, 5))


def test_creation_and_attributes():
    a = nd.full((2, 3), 7, dtype="int32")
    assert a.shape == (2, 3) and a.size == 6 and a.ndim == 2 and a.dtype is np.int32
    assert a.context == mx.cpu() and a.ctx == mx.cpu(0) and a.stype == "default"
    assert a.grad is None
    np.testing.assert_array_equal(a.T.asnumpy(), np.full((3, 2), 7))
    np.testing.assert_array_equal(nd.arange(0, 5, 2, dtype="int32").asnumpy(), [0, 2, 4])
    np.testing.assert_array_equal(nd.arange(3, repeat=2).asnumpy(), [0, 0, 1, 1, 2, 2])
    assert nd.empty((2, 2)).shape == (2, 2)
    np.testing.assert_array_equal(nd.zeros_like(a).asnumpy(), np.zeros((2, 3)))
    np.testing.assert_array_equal(nd.ones_like(a).asnumpy(), np.ones((2, 3)))
    assert nd.ones_like(a).dtype is np.int32
    u = nd.random_uniform(low=2, high=3, shape=(50,))
    assert u.shape == (50,) and 2 <= u.asnumpy().min() and u.asnumpy().max() < 3
    n = nd.random_normal(shape=(2, 2), ctx=mx.cpu())
    assert n.shape == (2, 2) and n.dtype is np.float32


def test_conversions():
    x = nd.array([[1.5, 2.5]])
    assert isinstance(x.asnumpy(), np.ndarray)
    assert nd.array([2.5]).asscalar() == np.float32(2.5)
    with pytest.raises(ValueError):
        x.asscalar()
    assert float(nd.array([2.5])) == 2.5 and int(nd.array([2.7])) == 2
    assert bool(nd.array([1])) and not bool(nd.array([0]))
    with pytest.raises(ValueError):
        bool(nd.array([1, 2]))
    assert len(nd.ones((4, 2))) == 4
    rows = list(nd.array([[1, 2], [3, 4]]))
    assert len(rows) == 2 and rows[1].shape == (2,)
    np.testing.assert_array_equal(np.asarray(x), x.asnumpy())
    assert hash(x) != hash(nd.array([[1.5, 2.5]]))
    assert {x: 1}[x] == 1
    y = x.astype("int32")
    assert y.dtype is np.int32 and x.astype("float32", copy=False) is x
    c = x.copy()
    c[:] = 0
    assert x.asnumpy().sum() == 4.0
    t = nd.zeros((1, 2))
    x.copyto(t)
    np.testing.assert_array_equal(t.asnumpy(), x.asnumpy())
    assert x.as_in_context(mx.cpu()) is x
    assert x.copyto(mx.cpu()).shape == (1, 2)
    z = pickle.loads(pickle.dumps(x))
    np.testing.assert_array_equal(z.asnumpy(), x.asnumpy())


def test_detach_and_wait():
    x = nd.array([1.0])
    x.attach_grad()
    with autograd.record():
        y = x * 2
        d = y.detach()
        e = d * 3
    y.wait_to_read()
    nd.waitall()
    assert e._node is None  # detached: nothing recorded
    np.testing.assert_allclose(e.asnumpy(), [6.0])


def test_waitall_computes_a_deferred_backward():
    """backward on a Trainer's parameters may leave the gradients pending (to run with
    the update); waitall computes them, as MXNet has by then."""
    net = mx.gluon.nn.Dense(3, in_units=4)
    net.initialize()
    trainer = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    x = nd.array(np.arange(8.0).reshape(2, 4))
    prev = mx.engine.set_compile_after(1)
    try:
        for _ in range(2):
            with autograd.record():
                loss = net(x).sum()
            loss.backward()
            trainer.step(2)
        with autograd.record():
            loss = net(x).sum()
        loss.backward()
    finally:
        mx.engine.set_compile_after(prev)
    grad = net.weight.grad()
    ref = grad._pending_ref()
    assert ref is not None and ref[0].state == "pending"   # left pending by backward
    nd.waitall()
    assert ref[0].state == "ready"
    np.testing.assert_allclose(grad.asnumpy(), np.tile(x.asnumpy().sum(0), (3, 1)))


def test_indexing_basics():
    x = nd.array([[1, 2, 3], [4, 5, 6]])
    assert x[1].shape == (3,)
    assert x[1, 1].shape == (1,)
    assert nd.array([1, 2, 3])[1].shape == (1,)
    np.testing.assert_array_equal(x[:, ::2].asnumpy(), [[1, 3], [4, 6]])
    np.testing.assert_array_equal(x[..., 1].asnumpy(), [2, 5])
    assert x[None].shape == (1, 2, 3)
    np.testing.assert_array_equal(x[nd.array([1, 0])].asnumpy(), [[4, 5, 6], [1, 2, 3]])
    np.testing.assert_array_equal(x[[1]].asnumpy(), [[4, 5, 6]])
    with pytest.raises(IndexError):
        x[5]
    s = x.slice(begin=(0, 1), end=(2, 2))
    np.testing.assert_array_equal(s.asnumpy(), [[2], [5]])


def test_setitem():
    x = nd.zeros((2, 3))
    x[0] = 1
    x[1, 1:] = nd.array([5, 6])
    x[:, 0] = np.array([7, 8])
    np.testing.assert_array_equal(x.asnumpy(), [[7, 1, 1], [8, 5, 6]])


def test_gradient_through_indexing():
    x = nd.array([[1.0, 2.0], [3.0, 4.0]])
    x.attach_grad()
    with autograd.record():
        y = x[1] * x[:, 0]
    y.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), [[3.0, 0.0], [1.0 + 4.0, 3.0]])


def test_shape_mismatch_names_operator_and_shapes():
    with pytest.raises(MXNetError, match=r"broadcast_mul.*\(2\).*\(3\)"):
        nd.array([1, 2]) * nd.array([1, 2, 3])
    with pytest.raises(MXNetError, match=r"elemwise_add.*\(2\).*\(3\)"):
        nd.elemwise_add(nd.ones((2,)), nd.ones((3,)))
    with pytest.raises(MXNetError, match="dtype"):
        nd.array([1, 2]) + nd.array([1, 2], dtype="float64")


def test_unknown_dtype_and_missing_gpu():
    with pytest.raises(MXNetError, match="foo"):
        nd.ones(3, dtype="foo")
    if mx.num_gpus() == 0:
        with pytest.raises(MXNetError, match="gpu"):
            nd.zeros((2, 2), ctx=mx.gpu())
        with pytest.raises(MXNetError, match="gpu"):
            nd.array([1, 2]).as_in_context(mx.gpu(0))


def test_failed_inplace_leaves_target_unchanged():
    x = nd.array([1.0, 2.0])
    with pytest.raises(MXNetError):
        x += nd.array([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(x.asnumpy(), [1.0, 2.0])
    with pytest.raises(MXNetError):
        nd.exp(nd.ones((3,)), out=x)
    np.testing.assert_array_equal(x.asnumpy(), [1.0, 2.0])


def test_out_argument():
    x = nd.array([0.0, 1.0])
    out = nd.zeros(2)
    r = nd.exp(x, out=out)
    assert r is out
    np.testing.assert_allclose(out.asnumpy(), np.exp([0.0, 1.0]), rtol=1e-6)


def test_context_scope():
    assert mx.current_context() == mx.cpu(0)
    with mx.Context("cpu", 0):
        assert nd.zeros(1).context == mx.cpu(0)
    assert str(mx.gpu(1)) == "gpu(1)" and mx.gpu(1).device_type == "gpu"
    with pytest.raises(MXNetError):
        mx.Context("tpu")


def test_dot_of_vectors_has_shape_one():
    # MXNet 1.9.1: nd.dot of two 1-D arrays gives shape (1,)
    out = nd.dot(nd.array([1, 2]), nd.array([3, 4]))
    assert out.shape == (1,) and out.asscalar() == 11.0
    assert nd.dot(nd.ones((2, 3)), nd.ones((3,))).shape == (2,)
    with pytest.raises(MXNetError, match="transpose vectors"):
        nd.dot(nd.array([1, 2]), nd.array([3, 4]), transpose_a=True)


# -- creation: sparse storage and unknown arguments (checked against MXNet 1.9.1) ----------


@pytest.mark.parametrize("stype, make", [
    ("csr", lambda: nd.zeros((2, 3), stype="csr")),
    ("row_sparse", lambda: nd.zeros((2, 3), stype="row_sparse")),
    ("csr", lambda: nd.empty((2, 3), stype="csr")),
    ("row_sparse", lambda: nd.ones((2, 3)).tostype("row_sparse")),
    ("csr", lambda: nd.cast_storage(nd.ones((2, 3)), stype="csr"))])
def test_sparse_storage_requests_give_sparse_arrays(stype, make):
    # MXNet returns a CSRNDArray / RowSparseNDArray (tests/ndarray/test_sparse.py checks
    # their components against MXNet); never a dense array in their place
    a = make()
    assert a.stype == stype and type(a) is not nd.NDArray and a.shape == (2, 3)


def test_ones_has_no_stype():
    with pytest.raises(MXNetError, match="cannot find argument 'stype'"):  # as MXNet
        nd.ones((2, 3), stype="csr")


def test_dense_stype_is_accepted():
    assert nd.zeros((2,), stype="default").asnumpy().tolist() == [0.0, 0.0]
    assert nd.empty((2,), stype="default").shape == (2,)
    assert nd.ones((2,)).tostype("default").stype == "default"


@pytest.mark.parametrize("make", [lambda: nd.zeros((2,), foo=1), lambda: nd.ones((2,), foo=1),
                                  lambda: nd.sum(nd.ones((2,)), foo=1),
                                  lambda: nd.ones((2,)).sum(foo=1)])
def test_unknown_keyword_arguments_raise(make):
    with pytest.raises(MXNetError, match="foo"):  # MXNet: "Cannot find argument 'foo'"
        make()


def test_zeros_ones_write_out_and_take_name():
    o = nd.full((2,), 5.0)
    assert nd.ones((2,), out=o) is o and o.asnumpy().tolist() == [1.0, 1.0]
    assert nd.zeros((2,), name="z", out=o) is o and o.asnumpy().tolist() == [0.0, 0.0]
    with pytest.raises(MXNetError, match=r"\(3\).*\(2\)"):
        nd.ones((3,), out=o)


def test_full_out_keeps_out_shape_and_dtype():
    # MXNet 1.9.1: full(shape, val, out=o) fills o (shape ignored), keeps o's dtype
    o = nd.zeros((2, 3), dtype="int32")
    res = nd.full((4,), 7.5, out=o)
    assert res is o and o.shape == (2, 3) and o.dtype == np.int32
    assert o.asnumpy().tolist() == [[7, 7, 7], [7, 7, 7]]
