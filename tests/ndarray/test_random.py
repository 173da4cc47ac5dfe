"""Random sampling (nd.random, mx.random, random_*/sample_*/_like/_shuffle) and the
densities random_pdf_*.

Samples cannot match MXNet's bit for bit (another generator), so sampling is tested
statistically with fixed seeds (moments within tolerances of a few standard errors,
chi-square for discrete laws) plus exact shapes and dtypes recorded from MXNet 1.9.1
(tools/golden/random_ops.py). Densities and their gradients are compared with MXNet.
"""
import json

import numpy as np
import pytest

import mxjax as mx
from mxjax import nd, autograd
from mxjax.base import MXNetError

import golden_utils

GOLDEN = golden_utils.load("random_ops")
N = 20000


def _np(x):
    return x.asnumpy().astype(np.float64)


def _moments(x, mean, var, k=5.0):
    """Sample mean and variance within ``k`` standard errors of the true values."""
    a = _np(x).ravel()
    n = a.size
    assert abs(a.mean() - mean) <= k * np.sqrt(var / n) + 1e-9, (a.mean(), mean)
    # standard error of the sample variance, with a generous kurtosis allowance
    assert abs(a.var() - var) <= k * var * np.sqrt(10.0 / n) + 1e-9, (a.var(), var)


# chi-square critical values at p = 0.001 by degrees of freedom
_CHI2_999 = {1: 10.83, 2: 13.82, 3: 16.27, 4: 18.47, 5: 20.52, 7: 24.32, 9: 27.88}


def _chi_square_ok(counts, probs):
    counts = np.asarray(counts, dtype=np.float64)
    expected = counts.sum() * np.asarray(probs, dtype=np.float64)
    stat = ((counts - expected) ** 2 / expected).sum()
    return stat < _CHI2_999[len(counts) - 1], stat


# ---------------------------------------------------------------------------
# shapes and dtypes from MXNet


def _arg(v):
    if isinstance(v, dict) and "nd" in v:
        return nd.array(np.array(v["nd"], dtype=v["dtype"]), dtype=v["dtype"])
    if isinstance(v, list):
        return tuple(v)
    return v


def _fn(name):
    f = nd
    for part in name.split("."):
        f = getattr(f, part)
    return f


@pytest.mark.parametrize("name", sorted(k for k in GOLDEN if k.startswith("call_")))
def test_shape_and_dtype_match_mxnet(name):
    case = GOLDEN[name]
    meta = json.loads(str(case["meta"]))
    out = _fn(meta["fn"])(*[_arg(a) for a in meta["args"]],
                          **{k: _arg(v) for k, v in meta["kwargs"].items()})
    nout = int(case["nout"])
    assert isinstance(out, list) == bool(nout)
    outs = out if nout else [out]
    for i, o in enumerate(outs):
        assert tuple(o.shape) == tuple(case["shape%d" % i])
        assert np.dtype(o.dtype).name == str(case["dtype%d" % i])


# ---------------------------------------------------------------------------
# densities: values and gradients vs MXNet


@pytest.mark.parametrize("name", sorted(k for k in GOLDEN if k.startswith("pdf_")))
def test_pdf_matches_mxnet(name):
    case = GOLDEN[name]
    meta = json.loads(str(case["meta"]))
    ins = {k: nd.array(case["in_" + k], dtype=case["in_" + k].dtype) for k in meta["inputs"]}
    for a in ins.values():
        a.attach_grad()
    with autograd.record():
        out = getattr(nd, meta["op"])(**ins, **meta["kwargs"])
    out.backward(nd.array(case["head0"], dtype=case["head0"].dtype))
    f32 = case["out0"].dtype == np.float32
    rtol, atol = (1e-4, 1e-5) if f32 else (1e-6, 1e-9)
    golden_utils.assert_matches(out, case["out0"], rtol=rtol, atol=atol)
    for k, a in ins.items():
        golden_utils.assert_matches(a.grad, case["grad_" + k], rtol=rtol * 10, atol=atol * 10)


def test_pdf_names_and_errors():
    for dist in ("normal", "uniform", "gamma", "exponential", "poisson", "negative_binomial",
                 "generalized_negative_binomial", "dirichlet"):
        assert callable(getattr(nd, "random_pdf_" + dist))
        assert callable(getattr(nd._internal, "_random_pdf_" + dist))
    mu, sig = nd.array([0., 1.]), nd.array([1., 2.])
    with pytest.raises(MXNetError, match="_random_pdf_normal"):
        nd.random_pdf_normal(nd.array([0.5, 1, 3]), mu, sig)
    with pytest.raises(MXNetError, match="_random_pdf_normal"):
        nd.random_pdf_normal(nd.array([0.5, 1], dtype="float64"), mu, sig)
    with pytest.raises(MXNetError, match="_random_pdf_normal"):
        nd.random_pdf_normal(nd.array([0.5, 1]), mu, nd.array([1., 2., 3.]))
    with pytest.raises(MXNetError, match="_random_pdf_dirichlet"):
        nd.random_pdf_dirichlet(nd.ones((2, 3)) / 3, nd.ones((4,)))


# ---------------------------------------------------------------------------
# distributions (scalar parameters): moments and support


def test_uniform():
    mx.random.seed(0)
    x = nd.random.uniform(-1, 3, shape=(N,))
    a = _np(x)
    assert a.min() >= -1 and a.max() < 3
    _moments(x, 1.0, 16 / 12)
    counts = np.histogram(a, bins=8, range=(-1, 3))[0]
    ok, stat = _chi_square_ok(counts, [1 / 8] * 8)
    assert ok, stat


def test_normal_and_randn():
    mx.random.seed(1)
    _moments(nd.random.normal(2, 3, shape=(N,)), 2.0, 9.0)
    _moments(nd.random.randn(100, 200, loc=-1, scale=0.5), -1.0, 0.25)
    _moments(nd.random_normal(loc=1, scale=2, shape=(N,)), 1.0, 4.0)
    _moments(nd.normal(shape=(N,)), 0.0, 1.0)


def test_gamma_beta_is_scale():
    mx.random.seed(2)
    x = nd.random.gamma(2, 3, shape=(N,))
    assert _np(x).min() > 0
    _moments(x, 6.0, 18.0)
    _moments(nd.random.gamma(0.5, 1, shape=(N,), dtype="float64"), 0.5, 0.5)


def test_exponential_takes_scale_random_exponential_takes_rate():
    mx.random.seed(3)
    _moments(nd.random.exponential(2, shape=(N,)), 2.0, 4.0)
    _moments(nd.random_exponential(lam=4.0, shape=(N,)), 0.25, 1 / 16)


def test_poisson():
    mx.random.seed(4)
    x = nd.random.poisson(4, shape=(N,))
    a = _np(x)
    assert x.dtype == np.float32 and np.all(a == np.round(a)) and a.min() >= 0
    _moments(x, 4.0, 4.0)
    assert np.all(_np(nd.random.poisson(0, shape=(10,))) == 0)


def test_negative_binomial():
    mx.random.seed(5)
    k, p = 3, 0.4
    x = nd.random.negative_binomial(k, p, shape=(N,))
    a = _np(x)
    assert np.all(a == np.round(a)) and a.min() >= 0
    _moments(x, k * (1 - p) / p, k * (1 - p) / p ** 2)
    # MXNet's defaults k=1, p=1 give zeros
    assert np.all(_np(nd.random.negative_binomial()) == 0)


def test_generalized_negative_binomial():
    mx.random.seed(6)
    mu, alpha = 3.0, 0.4
    x = nd.random.generalized_negative_binomial(mu, alpha, shape=(N,))
    _moments(x, mu, mu + alpha * mu ** 2)
    # alpha = 0 is Poisson(mu)
    _moments(nd.random.generalized_negative_binomial(2.0, 0.0, shape=(N,)), 2.0, 2.0)


def test_randint():
    mx.random.seed(7)
    x = nd.random.randint(-2, 3, shape=(N,))
    assert x.dtype == np.int32
    a = x.asnumpy()
    assert a.min() == -2 and a.max() == 2  # high is exclusive
    ok, stat = _chi_square_ok(np.bincount(a + 2, minlength=5), [0.2] * 5)
    assert ok, stat
    y = nd.random.randint(0, 2 ** 40, shape=(1000,), dtype="int64")
    assert y.dtype == np.int64 and y.asnumpy().max() > 2 ** 32
    z = nd.random_randint(low=5, high=6, shape=(4,))
    assert np.all(z.asnumpy() == 5)


def test_multinomial():
    mx.random.seed(8)
    probs = np.array([[0.1, 0.2, 0.3, 0.4], [0.5, 0.0, 0.25, 0.25]], dtype="float32")
    s = nd.random.multinomial(nd.array(probs, dtype="float32"), shape=(N,))
    assert s.shape == (2, N) and s.dtype == np.int32
    a = s.asnumpy()
    ok, stat = _chi_square_ok(np.bincount(a[0], minlength=4), probs[0])
    assert ok, stat
    assert not np.any(a[1] == 1)  # zero probability is never drawn
    ok, stat = _chi_square_ok(np.bincount(a[1], minlength=4)[[0, 2, 3]], [0.5, 0.25, 0.25])
    assert ok, stat
    # MXNet does not normalise: the first category whose cumulative sum exceeds u
    assert np.all(nd.random.multinomial(nd.array([[2., 2.]]), shape=(20,)).asnumpy() == 0)


def test_multinomial_get_prob_gradient():
    case = GOLDEN["multinomial_grad"]
    p, head = case["data"], case["head"]

    def expected_grad(sample):
        g = np.zeros_like(p)
        for i in range(p.shape[0]):
            for j in range(sample.shape[1]):
                g[i, sample[i, j]] += head[i, j] / p[i, sample[i, j]]
        return g
    # MXNet's gradient: head / p at each drawn category (checked on MXNet's own draws)
    np.testing.assert_allclose(expected_grad(case["sample"]), case["grad"], rtol=1e-6)
    np.testing.assert_allclose(np.log(np.take_along_axis(p, case["sample"], 1)), case["logp"])
    x = nd.array(p, dtype="float64")
    x.attach_grad()
    with autograd.record():
        s, logp = nd.random.multinomial(x, shape=(6,), get_prob=True)
    logp.backward(nd.array(head, dtype="float64"))
    s = s.asnumpy()
    assert logp.dtype == np.float64
    np.testing.assert_allclose(logp.asnumpy(), np.log(np.take_along_axis(p, s, 1)))
    np.testing.assert_allclose(x.grad.asnumpy(), expected_grad(s), rtol=1e-6)


def test_shuffle():
    mx.random.seed(9)
    data = nd.array(np.arange(60).reshape(20, 3), dtype="float32")
    out = nd.random.shuffle(data)
    a = out.asnumpy()
    assert out.shape == (20, 3)
    # rows are kept whole; the first axis is permuted
    np.testing.assert_array_equal(np.sort(a[:, 0]), np.arange(0, 60, 3))
    np.testing.assert_array_equal(a[:, 1] - a[:, 0], np.ones(20))
    assert not np.array_equal(a, data.asnumpy())
    b = nd.shuffle(data).asnumpy()
    assert not np.array_equal(a, b)
    ints = nd.random.shuffle(nd.array(np.arange(10), dtype="int32"))
    assert ints.dtype == np.int32
    np.testing.assert_array_equal(np.sort(ints.asnumpy()), np.arange(10))


def test_shuffle_is_not_differentiable():
    x = nd.array([1., 2., 3.])
    x.attach_grad()
    with autograd.record():
        y = nd.random.shuffle(x) * 2
    with pytest.raises(MXNetError, match="_shuffle is non-differentiable"):
        y.backward()


def test_sample_unique_zipfian():
    mx.random.seed(12)
    golden = GOLDEN["zipfian_stats"]
    samples, trials = nd._internal._sample_unique_zipfian(20, shape=(20000, 5))
    assert samples.shape == (20000, 5) and trials.shape == (20000,)
    assert np.dtype(samples.dtype).name == str(golden["samples_dtype"])
    assert np.dtype(trials.dtype).name == str(golden["trials_dtype"])
    a = samples.asnumpy()
    assert a.min() >= 0 and a.max() < 20
    assert all(len(set(r)) == 5 for r in a[:500])  # without replacement
    assert trials.asnumpy().min() >= 5
    # the same law as MXNet's sampler: mean number of draws and inclusion rates
    assert abs(trials.asnumpy().mean() - float(golden["mean_trials"])) < 0.06
    np.testing.assert_allclose(np.bincount(a.ravel(), minlength=20) / 20000.0,
                               golden["inclusion"], atol=0.015)
    with pytest.raises(MXNetError):
        nd._internal._sample_unique_zipfian(5, shape=(2, 6))
    with pytest.raises(MXNetError):
        nd._internal._sample_unique_zipfian(5, shape=(6,))


# ---------------------------------------------------------------------------
# NDArray parameters: sample_* and nd.random with NDArrays


def test_sample_ops_moments_per_parameter():
    mx.random.seed(10)
    mu, sigma = nd.array([0., 10.]), nd.array([1., 0.5])
    x = nd.sample_normal(mu, sigma, shape=(N,))
    assert x.shape == (2, N)
    _moments(x[0], 0.0, 1.0)
    _moments(x[1], 10.0, 0.25)
    u = nd.random.uniform(nd.array([0., 5.]), nd.array([1., 7.]), shape=N).asnumpy()
    assert u[0].min() >= 0 and u[0].max() < 1 and u[1].min() >= 5 and u[1].max() < 7
    g = nd.sample_gamma(nd.array([2., 0.5]), nd.array([3., 1.]), shape=(N,))
    _moments(g[0], 6.0, 18.0)
    _moments(g[1], 0.5, 0.5)
    e = nd.random.exponential(nd.array([2.0]), shape=(N,))  # scale 2 -> rate 0.5
    _moments(e, 2.0, 4.0)
    _moments(nd.sample_exponential(nd.array([4.0]), shape=(N,)), 0.25, 1 / 16)
    _moments(nd.sample_poisson(nd.array([3.0]), shape=(N,)), 3.0, 3.0)
    _moments(nd.sample_negative_binomial(nd.array([2.5]), nd.array([0.4]), shape=(N,)),
             2.5 * 0.6 / 0.4, 2.5 * 0.6 / 0.16)
    _moments(nd.sample_generalized_negative_binomial(nd.array([2.0]), nd.array([0.5]),
                                                     shape=(N,)), 2.0, 4.0)


def test_sample_ops_have_zero_gradients():
    mu, sigma = nd.array([0., 1.]), nd.array([1., 2.])
    mu.attach_grad()
    sigma.attach_grad()
    with autograd.record():
        y = nd.sample_normal(mu, sigma, shape=(3,)) + nd.sample_uniform(mu, sigma + 2,
                                                                          shape=(3,))
    y.backward()
    np.testing.assert_array_equal(mu.grad.asnumpy(), [0, 0])
    np.testing.assert_array_equal(sigma.grad.asnumpy(), [0, 0])


def test_like_forms():
    mx.random.seed(11)
    base = nd.zeros((100, 200), dtype="float64")
    x = nd.random.uniform_like(base, low=2, high=4)
    assert x.shape == (100, 200) and x.dtype == np.float64
    _moments(x, 3.0, 4 / 12)
    _moments(nd.random.normal_like(base, loc=1, scale=2), 1.0, 4.0)
    _moments(nd.random.gamma_like(base, alpha=2, beta=0.5), 1.0, 0.5)
    _moments(nd.random.exponential_like(base, lam=2), 0.5, 0.25)
    _moments(nd.random.poisson_like(base, lam=3), 3.0, 3.0)
    _moments(nd.random.negative_binomial_like(base, k=3, p=0.4), 4.5, 11.25)
    _moments(nd.random.generalized_negative_binomial_like(base, mu=2, alpha=0.5), 2.0, 4.0)
    h = nd.random.normal_like(nd.zeros((3,), dtype="float16"))
    assert h.dtype == np.float16
    with pytest.raises(MXNetError):
        nd.random.normal_like(nd.zeros((3,), dtype="int32"))


def test_random_like_reused_in_backward():
    # the key is an operator input, so backward sees the forward's random numbers
    x = nd.array([1., 2., 3., 4.])
    x.attach_grad()
    with autograd.record():
        r = nd.random.normal_like(x)
        y = x * r
    y.backward()
    np.testing.assert_array_equal(x.grad.asnumpy(), r.asnumpy())


# ---------------------------------------------------------------------------
# seeding, ctx, out and names


def _draw_all():
    # the same calls (attributes and shapes) as the tests above: no new compilations
    probs = nd.array(np.array([[0.1, 0.2, 0.3, 0.4], [0.5, 0.0, 0.25, 0.25]]),
                     dtype="float32")
    base = nd.zeros((100, 200), dtype="float64")
    return [nd.random.uniform(-1, 3, shape=(N,)), nd.random.normal(2, 3, shape=(N,)),
            nd.random.gamma(2, 3, shape=(N,)), nd.random.exponential(2, shape=(N,)),
            nd.random.poisson(4, shape=(N,)), nd.random.negative_binomial(3, 0.4, shape=(N,)),
            nd.random.generalized_negative_binomial(3.0, 0.4, shape=(N,)),
            nd.random.randint(-2, 3, shape=(N,)), nd.random.multinomial(probs, shape=(N,)),
            nd.random.shuffle(nd.array(np.arange(60).reshape(20, 3), dtype="float32")),
            nd.sample_normal(nd.array([0., 10.]), nd.array([1., 0.5]), shape=(N,)),
            nd.sample_poisson(nd.array([3.0]), shape=(N,)),
            nd.random.uniform_like(base, low=2, high=4),
            nd.random.normal_like(base, loc=1, scale=2)]


def test_seed_reproduces_every_sampler():
    mx.random.seed(123)
    a = [x.asnumpy() for x in _draw_all()]
    mx.random.seed(123)
    b = [x.asnumpy() for x in _draw_all()]
    mx.random.seed(124)
    c = [x.asnumpy() for x in _draw_all()]
    for x, y, z in zip(a, b, c):
        np.testing.assert_array_equal(x, y)
    for x, z in zip(a, c):
        assert not np.array_equal(x, z)
    # consecutive draws differ
    assert not np.array_equal(nd.random.uniform(shape=(8,)).asnumpy(),
                              nd.random.uniform(shape=(8,)).asnumpy())


def test_mx_random_namespace():
    assert mx.random.Context is mx.Context and isinstance(3, mx.random.integer_types)
    for name in ("seed", "uniform", "normal", "randn", "randint", "shuffle", "multinomial",
                 "exponential", "gamma", "poisson", "negative_binomial",
                 "generalized_negative_binomial"):
        assert callable(getattr(mx.random, name)), name
    mx.random.seed(5)
    a = mx.random.uniform(0, 1, shape=(3,)).asnumpy()
    mx.random.seed(5)
    np.testing.assert_array_equal(nd.random.uniform(0, 1, shape=(3,)).asnumpy(), a)


# every registered name, spelled out
RANDOM_OPS = ("_random_uniform _random_normal _random_gamma _random_exponential _random_poisson "
              "_random_negative_binomial _random_generalized_negative_binomial _random_randint "
              "_random_uniform_like _random_normal_like _random_gamma_like "
              "_random_exponential_like _random_poisson_like _random_negative_binomial_like "
              "_random_generalized_negative_binomial_like _sample_uniform _sample_normal "
              "_sample_gamma _sample_exponential _sample_poisson _sample_negative_binomial "
              "_sample_generalized_negative_binomial _sample_multinomial _shuffle "
              "_random_pdf_normal _random_pdf_uniform _random_pdf_gamma _random_pdf_exponential "
              "_random_pdf_poisson _random_pdf_negative_binomial "
              "_random_pdf_generalized_negative_binomial _random_pdf_dirichlet "
              "_sample_unique_zipfian").split()
ND_RANDOM = ("uniform normal random_uniform random_normal random_gamma random_exponential "
             "random_poisson random_negative_binomial random_generalized_negative_binomial "
             "random_randint sample_uniform sample_normal sample_gamma sample_exponential "
             "sample_poisson sample_negative_binomial sample_generalized_negative_binomial "
             "sample_multinomial shuffle random_pdf_normal random_pdf_uniform random_pdf_gamma "
             "random_pdf_exponential random_pdf_poisson random_pdf_negative_binomial "
             "random_pdf_generalized_negative_binomial random_pdf_dirichlet").split()


def test_nd_level_names():
    from mxjax.ndarray import registry
    for name in RANDOM_OPS:
        assert registry.get_op(name).random == (not name.startswith("_random_pdf"))
        assert callable(getattr(nd._internal, name))
    for name in ND_RANDOM:
        assert callable(getattr(nd, name))
        if name.startswith(("sample_", "random_pdf", "shuffle", "random_randint",
                            "random_gamma", "random_exp", "random_poisson", "random_neg",
                            "random_gen")):
            assert registry.get_op(name) is registry.get_op("_" + name)
    for d in ("uniform", "normal", "gamma", "exponential", "poisson", "negative_binomial",
              "generalized_negative_binomial"):
        assert getattr(nd.random, d + "_like").__name__ == d + "_like"
    # nd.random's module-level names as in MXNet
    assert nd.random.NDArray is nd.NDArray and nd.random.current_context() == mx.cpu()
    assert isinstance(2.5, nd.random.numeric_types)
    x = nd.uniform(low=1, high=2, shape=(3,), dtype="float64")
    assert x.dtype == np.float64 and x.shape == (3,)


def test_ctx_and_out():
    x = nd.random.uniform(shape=(2,), ctx=mx.cpu(0))
    assert x.context == mx.cpu(0)
    out = nd.zeros((2, 3))
    r = nd.random.normal(0, 1, out=out)  # shape comes from out
    assert r is out and not np.all(out.asnumpy() == 0)
    out64 = nd.zeros((4,), dtype="float64")
    nd.random.uniform(out=out64)
    assert out64.dtype == np.float64 and np.all(out64.asnumpy() > 0)
    out2 = nd.zeros((2, 3))
    nd.random.normal(nd.zeros((2,)), nd.ones((2,)), shape=3, out=out2)
    assert not np.all(out2.asnumpy() == 0)
    with pytest.raises(MXNetError):
        nd.random.uniform(0, 1, shape=(3,), out=nd.zeros((2, 3)))


@pytest.mark.parametrize("call", [
    lambda: nd.random.uniform(5, 1, shape=(3,)),
    lambda: nd.random.normal(0, -1, shape=(3,)),
    lambda: nd.random.normal(0, 0, shape=(3,)),
    lambda: nd.random.gamma(-1, 1, shape=(3,)),
    lambda: nd.random.gamma(1, 0, shape=(3,)),
    lambda: nd.random.exponential(-2, shape=(3,)),
    lambda: nd.random.exponential(0, shape=(3,)),
    lambda: nd.random.poisson(-1, shape=(3,)),
    lambda: nd.random.negative_binomial(-1, 0.5, shape=(3,)),
    lambda: nd.random.negative_binomial(2.5, 0.5, shape=(3,)),
    lambda: nd.random.negative_binomial(2, -0.5, shape=(3,)),
    lambda: nd.random.generalized_negative_binomial(-1, 0.5, shape=(3,)),
    lambda: nd.random.generalized_negative_binomial(1, -0.5, shape=(3,)),
    lambda: nd.random.randint(5, 3, shape=(3,)),
    lambda: nd.random.randint(5, 5, shape=(3,)),
    lambda: nd.random.randint(0, 5, shape=(3,), dtype="float32"),
    lambda: nd.random.randint(nd.zeros((2,)), nd.ones((2,))),
    lambda: nd.random.uniform(0, 1, shape=(3,), dtype="int32"),
    lambda: nd.random.uniform(nd.zeros((2,)), 1),
    lambda: nd.random.uniform(0, 1, shape=(2, 0)),
    lambda: nd.random.uniform("a", 1),
    lambda: nd.random.randn(),
    lambda: nd.sample_normal(nd.zeros((2,)), nd.ones((3,))),
    lambda: nd.sample_normal(nd.zeros((2,), dtype="float64"), nd.ones((2,))),
    lambda: nd.sample_normal(nd.zeros((2,)), nd.ones((2,)), dtype="int32"),
    lambda: nd.random.multinomial(nd.array([[0, 1]], dtype="int32")),
    lambda: nd.random.multinomial(nd.array([0.5, 0.5]), dtype="int64"),
])
def test_errors(call):
    # a sampler's parameter checks run in MXNet's kernel: raised when the result is
    # waited for (tests/core/test_failure.py checks which raise where, against MXNet)
    with pytest.raises(MXNetError):
        call()
        nd.waitall()
