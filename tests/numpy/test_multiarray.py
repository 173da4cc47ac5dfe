"""mx.np.ndarray and mx.np functions beyond the golden table: repr, conversions without
copies, autograd on np arrays, in-place indexing, random, host-computed functions."""
import io
import pickle

import numpy as onp
import pytest
import jax

import mxjax as mx
from mxjax import numpy as np, autograd
from mxjax.base import MXNetError


def test_repr_as_mxnet():  # strings printed by MXNet 1.9.1 with npx.set_np()
    assert repr(np.array([1, 2, 3])) == "array([1., 2., 3.])"
    assert repr(np.array(onp.array([1, 2]))) == "array([1, 2], dtype=int64)"
    assert repr(np.ones(2, dtype="float16")) == "array([1., 1.], dtype=float16)"
    assert repr(np.ones((0, 3))) == "array([], shape=(0, 3))"
    assert repr(np.array([1, 2], dtype="uint8")) == "array([1, 2], dtype=uint8)"
    assert repr(np.array([1, 2, 3]).sum()) == "array(6.)"
    assert str(np.array([1, 2, 3])) == "[1. 2. 3.]"


def test_dtype_is_a_numpy_dtype_as_mxnet():  # MXNet 1.9.1: dtype('float32'); nd: the type
    a = np.array([1, 2, 3])
    assert isinstance(a.dtype, onp.dtype) and repr(a.dtype) == "dtype('float32')"
    assert str(a.astype("int32").dtype) == "int32" and a.dtype == onp.float32
    assert (a * 2).dtype == "float32" and a.sum().dtype == onp.dtype("float32")
    assert a.as_nd_ndarray().dtype is onp.float32


def test_scalar_operators_both_sides():  # values as MXNet 1.9.1 (np semantics)
    a = np.array([1.0, 2.0, 4.0])
    i = np.array([1, 2, 4], dtype="int32")
    for got, want in [(a - 1, [0, 1, 3]), (1 - a, [0, -1, -3]), (2 / a, [2, 1, 0.5]),
                      (a / 2, [0.5, 1, 2]), (2 ** a, [2, 4, 16]), (a ** 2, [1, 4, 16]),
                      (onp.float32(3) - a, [2, 1, -1]), (a - onp.float64(0.5), [0.5, 1.5, 3.5]),
                      (7 % i, [0, 1, 3]), (True + i, [2, 3, 5])]:
        assert isinstance(got, np.ndarray)
        onp.testing.assert_allclose(got.asnumpy(), want)
    assert (i - 1).dtype == onp.int32 and (1 - i).asnumpy().tolist() == [0, -1, -3]
    assert (i / 2).dtype == onp.float32 and (a == 2).asnumpy().tolist() == [False, True, False]


def test_item_tolist_scalar_conversions():
    a = np.array([[1.5, 2.0], [3.0, 4.0]])
    assert a.item(1) == 2.0 and isinstance(a[0, 0].item(), float)
    assert a.tolist() == [[1.5, 2.0], [3.0, 4.0]]
    assert float(a[1, 1]) == 4.0 and a.ndim == 2 and a.size == 4 and a.shape == (2, 2)
    assert np.shape(a) == (2, 2) and np.size(a) == 4 and np.ndim(a) == 2


def test_as_nd_and_as_np_share_the_value():
    a = np.arange(6).reshape(2, 3)
    b = a.as_nd_ndarray()
    assert type(b) is mx.nd.NDArray and b.data is a.data
    c = b.as_np_ndarray()
    assert type(c) is np.ndarray and c.data is a.data
    assert repr(b).strip().startswith("[[0. 1. 2.]")


def test_autograd_on_np_arrays():
    x = np.array([1., 2., 3.])
    x.attach_grad()
    with autograd.record():
        y = (x * x).sum()
    assert type(y) is np.ndarray and y.shape == ()
    y.backward()
    assert type(x.grad) is np.ndarray
    onp.testing.assert_allclose(x.grad.asnumpy(), [2., 4., 6.])
    d = y.detach()
    assert type(d) is np.ndarray and d.item() == 14.0


def test_autograd_grad_gives_np_arrays():
    x = np.array([1., 2.])
    x.attach_grad()
    with autograd.record():
        y = (x * x).sum()
    g = autograd.grad(y, [x])
    assert type(g[0]) is np.ndarray
    onp.testing.assert_allclose(g[0].asnumpy(), [2., 4.])


def test_std_gradient_matches_jax():
    # MXNet 1.9.1's _npi_std backward gives zeros (a bug); we give the true gradient
    v = onp.array([[0.1, 0.5, 0.9], [0.3, 0.7, 0.2]], dtype=onp.float32)
    x = np.array(v)
    x.attach_grad()
    with autograd.record():
        y = np.std(x, axis=0).sum()
    y.backward()
    ref = jax.grad(lambda t: jax.numpy.std(t, axis=0).sum())(v)
    onp.testing.assert_allclose(x.grad.asnumpy(), onp.asarray(ref), rtol=1e-5)


def test_setitem_numpy_rules():
    ref = onp.arange(12, dtype=onp.float32).reshape(3, 4)
    a = np.array(ref)
    for key, val in [((1, 2), 50.), ((slice(None), 1), np.array([7., 8., 9.])),
                     (onp.array([True, False, True]), 0.), (([0, 2], [3, 1]), -1.),
                     ((Ellipsis, -1), 3.)]:
        a[key] = val
        ref[key] = val.asnumpy() if hasattr(val, "asnumpy") else val
        onp.testing.assert_array_equal(a.asnumpy(), ref)
    a[a > 8] = 1.
    ref[ref > 8] = 1.
    onp.testing.assert_array_equal(a.asnumpy(), ref)
    with pytest.raises(IndexError):
        a[3, 0] = 1.


def test_inplace_and_iteration():
    a = np.ones((2, 2))
    a += 1
    a *= np.array([1., 2.])
    onp.testing.assert_array_equal(a.asnumpy(), [[2., 4.], [2., 4.]])
    assert [r.shape for r in a] == [(2,), (2,)]
    with pytest.raises(TypeError):
        len(np.array(1.))


def test_copyto_context_and_pickle():
    a = np.array([1., 2.])
    b = a.copyto(mx.cpu(0))
    assert type(b) is np.ndarray and b.ctx == mx.cpu(0) and a.as_in_ctx(mx.cpu()) is a
    c = pickle.loads(pickle.dumps(a))
    assert type(c) is np.ndarray
    onp.testing.assert_array_equal(c.asnumpy(), [1., 2.])
    assert type(np.copy(a)) is np.ndarray and a.astype("int32").dtype == onp.int32


def test_creation_context_and_dtypes():
    for f in (lambda: np.zeros((2,), ctx=mx.cpu()), lambda: np.ones(2), lambda: np.empty(3),
              lambda: np.full((2,), 1.), lambda: np.arange(3), lambda: np.eye(2),
              lambda: np.identity(2), lambda: np.linspace(0, 1, 3), lambda: np.logspace(0, 1, 2),
              lambda: np.tri(3)):
        r = f()
        assert type(r) is np.ndarray and r.dtype == onp.float32 and r.ctx == mx.cpu()
    assert np.indices((2, 2)).dtype == onp.int32
    assert np.array([True]).dtype == onp.float32  # MXNet: Python data is float32
    assert np.array(onp.array([True])).dtype == onp.bool_
    with pytest.raises(MXNetError):
        np.zeros((-1, 2))


def test_random_shapes_dtypes_context_and_seed():
    mx.random.seed(7)
    a = np.random.uniform(0, 1, size=(2, 3), ctx=mx.cpu())
    mx.random.seed(7)
    b = np.random.uniform(0, 1, size=(2, 3))
    onp.testing.assert_array_equal(a.asnumpy(), b.asnumpy())
    assert a.dtype == onp.float32 and type(a) is np.ndarray and a.ctx == mx.cpu()
    assert 0 <= a.asnumpy().min() and a.asnumpy().max() < 1
    n = np.random.normal(np.zeros((3,)), 1.0)
    assert n.shape == (3,)
    r = np.random.randint(0, 5, size=(100,))
    assert r.dtype == onp.int32 and 0 <= r.asnumpy().min() and r.asnumpy().max() < 5
    assert np.random.rand(2, 2).shape == (2, 2) and np.random.randn(3).shape == (3,)
    assert np.random.exponential(size=4).shape == (4,)
    assert np.random.gamma(2.0, 1.0, size=(2,)).shape == (2,)
    assert set(onp.unique(np.random.bernoulli(0.5, size=50).asnumpy())) <= {0., 1.}
    c = np.random.choice(5, size=3, replace=False).asnumpy()
    assert len(set(c.tolist())) == 3
    x = np.arange(10)
    np.random.shuffle(x)
    assert sorted(x.asnumpy().tolist()) == list(range(10))


def test_random_is_replayed_in_backward():
    x = np.ones((3,))
    x.attach_grad()
    with autograd.record():
        y = x * np.random.uniform(size=(3,))
    y.backward()
    onp.testing.assert_allclose(x.grad.asnumpy(), y.asnumpy())


_HOST = [  # (call, NumPy's call)
    ("unique", lambda m, a: m.unique(a([3., 1., 3.]), return_counts=True)[1]),
    ("compress", lambda m, a: m.compress(a([0, 1, 1]) > 0, a([1., 2., 3.]))),
    ("extract", lambda m, a: m.extract(a([1., 0., 2.]) > 0, a([4., 5., 6.]))),
    ("histogram2d", lambda m, a: m.histogram2d(a([0., 1.]), a([1., 0.]), bins=2)[0]),
    ("histogramdd", lambda m, a: m.histogramdd(a([[0., 1.], [1., 0.]]), bins=2)[0]),
    ("histogram_bin_edges", lambda m, a: m.histogram_bin_edges(a([0., 1., 2.]), bins=2)),
    ("setdiff1d", lambda m, a: m.setdiff1d(a([1., 2., 3.]), a([2.]))),
    ("union1d", lambda m, a: m.union1d(a([1., 2.]), a([3.]))),
    ("intersect1d", lambda m, a: m.intersect1d(a([1., 2.]), a([2., 3.]))),
    ("setxor1d", lambda m, a: m.setxor1d(a([1., 2.]), a([2., 3.]))),
    ("trim_zeros", lambda m, a: m.trim_zeros(a([0., 1., 0.]))),
    ("digitize", lambda m, a: m.digitize(a([0.5, 1.5]), a([0., 1., 2.]))),
    ("choose", lambda m, a: m.choose(a([0, 1]).astype("int64"), [a([1., 2.]), a([3., 4.])])),
    ("select", lambda m, a: m.select([a([1., 0.]) > 0], [a([5., 6.])])),
    ("piecewise", lambda m, a: m.piecewise(a([-1., 1.]), [a([-1., 1.]) < 0], [0., 1.])),
    ("resize", lambda m, a: m.resize(a([1., 2.]), (3,))),
    ("roots", lambda m, a: m.roots(a([1., -3., 2.]))),
    ("poly", lambda m, a: m.poly(a([1., 2.]))),
    ("polydiv", lambda m, a: m.polydiv(a([1., -3., 2.]), a([1., -1.]))[0]),
    ("polyfit", lambda m, a: m.polyfit(a([0., 1., 2.]), a([1., 3., 5.]), 1)),
    ("apply_along_axis", lambda m, a: m.apply_along_axis(lambda r: r * 2, 1,
                                                          a([[1., 2.], [3., 4.]]))),
    ("apply_over_axes", lambda m, a: m.apply_over_axes(lambda x, ax: x, a([[1., 2.]]), [0])),
    ("triu_indices_from", lambda m, a: m.triu_indices_from(a([[1., 2.], [3., 4.]]))[1]),
    ("ix_", lambda m, a: m.ix_(a([0, 1]).astype("int64"), a([1]).astype("int64"))[0]),
    ("packbits", lambda m, a: m.packbits(a([1, 0, 1]).astype("uint8"))),
    ("unpackbits", lambda m, a: m.unpackbits(a([5]).astype("uint8"))),
    ("array_equiv", lambda m, a: m.array_equiv(a([1., 2.]), a([[1., 2.]]))),
    ("genfromtxt", lambda m, a: m.genfromtxt(io.StringIO("1,2\n3,4"), delimiter=",")),
    ("insert", lambda m, a: m.insert(a([1., 2.]), 1, 9.)),
    ("partition", lambda m, a: m.partition(a([3., 1., 2., 0.]), 2)),
    ("argpartition", lambda m, a: m.argpartition(a([3., 1., 2., 0.]), 2)),
    ("append", lambda m, a: m.append(a([[1., 2.]]), a([[3., 4.]]), axis=0)),
    ("append_flat", lambda m, a: m.append(a([1., 2.]), a([[3.]]))),
]


@pytest.mark.parametrize("name,call", _HOST, ids=[h[0] for h in _HOST])
def test_host_computed_functions(name, call):
    ours = call(np, lambda v: np.array(v))
    ref = call(onp, lambda v: onp.array(v, dtype=onp.float32))
    got = ours.asnumpy() if hasattr(ours, "asnumpy") else onp.asarray(ours)
    onp.testing.assert_allclose(got.astype(onp.float64), onp.asarray(ref).astype(onp.float64),
                                rtol=1e-5)


_MORE = [  # generated functions the golden table does not reach, against NumPy
    ("nanprod", lambda m, v: m.nanprod(v)), ("nanmax", lambda m, v: m.nanmax(v)),
    ("nanmin", lambda m, v: m.nanmin(v)), ("nanargmax", lambda m, v: m.nanargmax(v)),
    ("nanargmin", lambda m, v: m.nanargmin(v)), ("nancumsum", lambda m, v: m.nancumsum(v)),
    ("nancumprod", lambda m, v: m.nancumprod(v)), ("nanmedian", lambda m, v: m.nanmedian(v)),
    ("nanpercentile", lambda m, v: m.nanpercentile(v, 30)),
    ("nanquantile", lambda m, v: m.nanquantile(v, 0.3)),
    ("product", lambda m, v: m.product(v) if hasattr(m, "product") else m.prod(v)),
    ("alltrue", lambda m, v: m.alltrue(v > 0) if hasattr(m, "alltrue") else m.all(v > 0)),
    ("sometrue", lambda m, v: m.sometrue(v > 2) if hasattr(m, "sometrue") else m.any(v > 2)),
    ("msort", lambda m, v: m.msort(v) if hasattr(m, "msort") else m.sort(v, axis=0)),
    ("lexsort", lambda m, v: m.lexsort((v, v * 0))),
    ("row_stack", lambda m, v: m.row_stack([v, v]) if hasattr(m, "row_stack")
     else m.vstack([v, v])),
    ("round_", lambda m, v: m.round_(v, 1) if hasattr(m, "round_") else m.round(v, 1)),
    ("isin", lambda m, v: m.isin(v, v[:2])),
    ("in1d", lambda m, v: m.in1d(v, v[:2]) if hasattr(m, "in1d") else m.isin(v, v[:2])),
    ("correlate", lambda m, v: m.correlate(v, v[:2])),
    ("polyadd", lambda m, v: m.polyadd(v, v[:2])), ("polysub", lambda m, v: m.polysub(v, v[:2])),
    ("polymul", lambda m, v: m.polymul(v, v[:2])), ("polyint", lambda m, v: m.polyint(v)),
    ("unwrap", lambda m, v: m.unwrap(v)), ("real", lambda m, v: m.real(v)),
    ("frexp", lambda m, v: m.frexp(v)[0]), ("modf", lambda m, v: m.modf(v)[0]),
    ("divmod", lambda m, v: m.divmod(v, 0.7 + v * 0)[1]),
    ("float_power", lambda m, v: m.float_power(v, 2.)),
    ("float_power_arrays", lambda m, v: m.float_power(v, v)),
    ("deg2rad", lambda m, v: m.deg2rad(v)), ("rad2deg", lambda m, v: m.rad2deg(v)),
    ("unravel_index", lambda m, v: m.unravel_index((v * 2).astype("int64"), (2, 4))[1]),
    ("heaviside", lambda m, v: m.heaviside(v - 2, 0.5 + v * 0)),
    ("ldexp", lambda m, v: m.ldexp(v, 2 + (v * 0).astype("int32"))),
    ("i0", lambda m, v: m.i0(v)), ("signbit", lambda m, v: m.signbit(v - 2)),
    ("spacing", lambda m, v: m.spacing(v)), ("positive", lambda m, v: m.positive(v)),
    ("lcm", lambda m, v: m.lcm(v.astype("int32"), 4 + v.astype("int32") * 0)),
    ("bitwise_and", lambda m, v: m.bitwise_and(v.astype("int32"), 3 + v.astype("int32") * 0)),
    ("bitwise_or", lambda m, v: m.bitwise_or(v.astype("int32"), 3 + v.astype("int32") * 0)),
    ("bitwise_xor", lambda m, v: m.bitwise_xor(v.astype("int32"), 3 + v.astype("int32") * 0)),
    ("bitwise_not", lambda m, v: m.bitwise_not(v.astype("int32"))),
    ("invert", lambda m, v: m.invert(v.astype("int32"))),
    ("triu", lambda m, v: m.triu(m.outer(v, v))),
    ("broadcast_arrays", lambda m, v: m.broadcast_arrays(v, v[:1])[1]),
    ("result_type", lambda m, v: onp.zeros(1, m.result_type(v, onp.int64))),
    ("promote_types", lambda m, v: onp.zeros(1, m.promote_types("float32", "int32"))),
    ("finfo", lambda m, v: onp.asarray(m.finfo("float32").eps)),
    ("may_share_memory", lambda m, v: onp.asarray(m.may_share_memory(v, v))),
]


@pytest.mark.parametrize("name,call", _MORE, ids=[h[0] for h in _MORE])
def test_more_functions_against_numpy(name, call):
    v = onp.array([1.5, 2.0, 0.5, 3.0], dtype=onp.float32)
    ours = call(np, np.array(v))
    ref = call(onp, v)
    got = ours.asnumpy() if hasattr(ours, "asnumpy") else onp.asarray(ours)
    onp.testing.assert_allclose(got.astype(onp.float64), onp.asarray(ref).astype(onp.float64),
                                rtol=1e-5, atol=1e-6)


def test_constants_and_dtypes():
    assert np.pi == onp.pi and np.e == onp.e and onp.isinf(np.inf) and np.PINF == onp.inf
    assert np.NINF == -onp.inf and onp.isnan(np.nan) and onp.isnan(np.NaN)
    assert onp.isnan(np.NAN) and np.PZERO == 0.0 and np.NZERO == 0.0 and np.newaxis is None
    assert np.float32 is onp.float32 and np.int64 is onp.int64 and np.bool_ is onp.bool_
    assert np.int8 is onp.int8 and np.uint8 is onp.uint8 and np.int32 is onp.int32
    assert np.float16 is onp.float16 and np.float64 is onp.float64 and np.bool is onp.bool_
    assert np.min_scalar_type(10) == onp.uint8
    np.set_printoptions(precision=8)
    assert np.shares_memory(np.ones(1), np.ones(1)) is False


def test_python_scalars_give_scalars():
    assert np.sqrt(4.) == 2.0 and np.add(1, 2) == 3 and np.invert(3) == -4
    assert np.fix(2.5) == 2.0 and not isinstance(np.sqrt(4.), np.ndarray)
