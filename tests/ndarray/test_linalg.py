"""mx.nd.linalg (``_linalg_*``): values and gradients against MXNet 1.9.1 fixtures
(tools/golden/linalg.py), plus argument and error checks."""
import json

import numpy as np
import pytest

from mxjax import nd, autograd
from mxjax.base import MXNetError

import golden_utils

GOLDEN = golden_utils.load("linalg")

# tolerances by dtype
_TOL = {np.dtype("float64"): (1e-7, 1e-9), np.dtype("float32"): (2e-4, 2e-5)}

NAMES = ["det", "extractdiag", "extracttrian", "gelqf", "gemm", "gemm2", "inverse",
         "makediag", "maketrian", "potrf", "potri", "slogdet", "sumlogdiag", "syevd",
         "syrk", "trmm", "trsm"]


def _replay(case):
    meta = json.loads(str(case["meta"]))
    inputs = {k: nd.array(case["in_" + k], dtype=case["in_" + k].dtype)
              for k in meta["inputs"]}
    for a in inputs.values():
        a.attach_grad()
    with autograd.record():
        out = getattr(nd.linalg, meta["op"])(**inputs, **meta["kwargs"])
    outs = out if isinstance(out, (list, tuple)) else [out]
    assert isinstance(out, (list, tuple)) == meta["multi"]
    heads = [nd.array(case["head%d" % i], dtype=case["head%d" % i].dtype)
             for i in range(len(outs))]
    autograd.backward(outs, heads)
    return meta, inputs, outs


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden(name):
    case = GOLDEN[name]
    meta, inputs, outs = _replay(case)
    dt = case["in_" + meta["inputs"][0]].dtype
    rtol, atol = _TOL[dt]
    for i, o in enumerate(outs):
        golden_utils.assert_matches(o, case["out%d" % i], rtol=rtol, atol=atol)
    for k, a in inputs.items():
        golden_utils.assert_matches(a.grad, case["grad_" + k], rtol=rtol * 10, atol=atol * 10)


# the registered operators and their mx.nd names (MXNet's nd has no linalg_syevd)
OPERATORS = ("_linalg_det _linalg_extractdiag _linalg_extracttrian _linalg_gelqf _linalg_gemm "
             "_linalg_gemm2 _linalg_inverse _linalg_makediag _linalg_maketrian _linalg_potrf "
             "_linalg_potri _linalg_slogdet _linalg_sumlogdiag _linalg_syevd _linalg_syrk "
             "_linalg_trmm _linalg_trsm").split()
ND_NAMES = ("linalg_det linalg_extractdiag linalg_extracttrian linalg_gelqf linalg_gemm "
            "linalg_gemm2 linalg_inverse linalg_makediag linalg_maketrian linalg_potrf "
            "linalg_potri linalg_slogdet linalg_sumlogdiag linalg_syrk linalg_trmm "
            "linalg_trsm").split()


def test_every_operator_has_golden_cases():
    ops = {json.loads(str(c["meta"]))["op"] for c in GOLDEN.values()}
    assert ops == set(NAMES)


def test_names():
    from mxjax.ndarray import registry
    assert [n[len("_linalg_"):] for n in OPERATORS] == NAMES
    for op, name in zip(OPERATORS, NAMES):
        assert callable(getattr(nd.linalg, name))
        assert callable(getattr(nd._internal, op))
        assert registry.get_op(op).name == op
    for name in ND_NAMES:
        # nd.linalg_<name> is the same operator as nd.linalg.<name>
        assert registry.get_op(name) is registry.get_op("_" + name)
        assert callable(getattr(nd, name))
    assert not hasattr(nd, "linalg_syevd")


def test_nd_level_alias_and_positional_attrs():
    a = nd.array([[1., 2.], [3., 4.]])
    b = nd.array([[1., 0.], [1., 1.]])
    c = nd.ones((2, 2))
    # positional attributes follow the inputs: transpose_a, transpose_b, alpha, beta
    r = nd.linalg_gemm(a, b, c, True, False, 2.0, 0.5)
    want = 2.0 * a.asnumpy().T @ b.asnumpy() + 0.5
    np.testing.assert_allclose(r.asnumpy(), want)
    r2 = nd.linalg.gemm2(a, b, transpose_b=True, alpha=3.0)
    np.testing.assert_allclose(r2.asnumpy(), 3.0 * a.asnumpy() @ b.asnumpy().T)
    assert r2.dtype == np.float32


def test_doc_examples():
    # examples from MXNet's operator documentation
    A = nd.array([[1., 2., 3.], [4., 5., 6.]])
    Q, L = nd.linalg.gelqf(A)
    np.testing.assert_allclose(Q.asnumpy(), [[-0.26726124, -0.53452248, -0.80178373],
                                             [0.87287156, 0.21821789, -0.43643578]], atol=1e-5)
    np.testing.assert_allclose(L.asnumpy(), [[-3.74165739, 0.], [-8.55235974, 1.96396101]],
                               atol=1e-5)
    U, lam = nd.linalg.syevd(nd.array([[1., 2.], [2., 4.]]))
    np.testing.assert_allclose(U.asnumpy(), [[0.89442719, -0.4472136], [0.4472136, 0.89442719]],
                               atol=1e-5)
    np.testing.assert_allclose(lam.asnumpy(), [0., 5.], atol=1e-5)
    s, l = nd.linalg.slogdet(nd.array([[[2., 3.], [1., 4.]], [[1., 2.], [2., 4.]],
                                       [[1., 2.], [4., 3.]]]))
    np.testing.assert_allclose(s.asnumpy(), [1., 0., -1.])
    np.testing.assert_allclose(l.asnumpy(), [1.609438, -np.inf, 1.609438], rtol=1e-5)
    x = nd.array([1., 2., 3.])
    np.testing.assert_array_equal(nd.linalg.maketrian(x, offset=-1).asnumpy(),
                                  [[0, 0, 0], [1, 0, 0], [2, 3, 0]])
    np.testing.assert_array_equal(nd.linalg.maketrian(x, lower=False).asnumpy(),
                                  [[1, 2], [0, 3]])
    m = nd.array([[1., 2.], [3., 4.]])
    np.testing.assert_array_equal(nd.linalg.extracttrian(m).asnumpy(), [1, 3, 4])
    np.testing.assert_array_equal(nd.linalg.extracttrian(m, lower=False).asnumpy(), [1, 2, 4])
    np.testing.assert_array_equal(nd.linalg.extracttrian(m, 1).asnumpy(), [2])
    np.testing.assert_array_equal(nd.linalg.extracttrian(m, -1).asnumpy(), [3])
    np.testing.assert_array_equal(nd.linalg.extractdiag(m, 1).asnumpy(), [2])


def test_out_argument():
    a = nd.array([[4., 1.], [1., 4.25]])
    out = nd.zeros((2, 2))
    r = nd.linalg.potrf(a, out=out)
    assert r is out
    np.testing.assert_allclose(out.asnumpy(), [[2., 0.], [0.5, 2.]])


@pytest.mark.parametrize("call", [
    lambda: nd.linalg.det(nd.array([[1, 4], [2, 3]], dtype="int32")),
    lambda: nd.linalg.det(nd.array([[1, 4], [2, 3]], dtype="float16")),
    lambda: nd.linalg.det(nd.ones((2, 3))),
    lambda: nd.linalg.det(nd.ones((3,))),
    lambda: nd.linalg.inverse(nd.ones((2, 3))),
    lambda: nd.linalg.gemm2(nd.ones((2, 3)), nd.ones((2, 3))),
    lambda: nd.linalg.gemm2(nd.ones((5, 2, 3)), nd.ones((4, 3, 4))),
    lambda: nd.linalg.gemm2(nd.ones((2, 3)), nd.ones((3, 4), dtype="float64")),
    lambda: nd.linalg.gemm2(nd.ones((2, 3, 4)), nd.ones((2, 3, 4)), transpose_a=True, axis=-1),
    lambda: nd.linalg.gemm2(nd.ones((2, 3, 4)), nd.ones((2, 3, 4)), transpose_a=True, axis=2),
    lambda: nd.linalg.gemm(nd.ones((2, 3)), nd.ones((3, 4)), nd.ones((3, 4))),
    lambda: nd.linalg.gemm(nd.ones((2, 3, 4)), nd.ones((2, 3, 4)), nd.ones((2, 4, 4)),
                           transpose_a=True, axis=-3),
    lambda: nd.linalg.trmm(nd.ones((2, 2)), nd.ones((2, 3)), rightside=True),
    lambda: nd.linalg.trsm(nd.ones((3, 2, 2)), nd.ones((2, 2, 3))),
    lambda: nd.linalg.extractdiag(nd.ones((2, 3))),
    lambda: nd.linalg.extractdiag(nd.ones((3, 3)), offset=3),
    lambda: nd.linalg.extracttrian(nd.ones((3, 3)), offset=-3),
    lambda: nd.linalg.maketrian(nd.ones((4,))),
    lambda: nd.linalg.gelqf(nd.ones((3, 2))),
    lambda: nd.linalg.potrf(nd.ones((2, 3))),
    lambda: nd.linalg.sumlogdiag(nd.ones((2,), dtype="float64")),
])
def test_errors(call):
    with pytest.raises(MXNetError) as info:
        call()
    assert "_linalg_" in str(info.value)


def test_gemm_axis_equals_swapaxes():
    rng = np.random.RandomState(0)
    a = rng.randn(3, 2, 4).astype("float32")
    b = rng.randn(4, 2, 5).astype("float32")
    c = rng.randn(3, 2, 5).astype("float32")
    r = nd.linalg.gemm(nd.array(a), nd.array(b), nd.array(c), axis=0, alpha=2., beta=3.)
    want = np.swapaxes(2. * np.matmul(np.swapaxes(a, 0, 1), np.swapaxes(b, 0, 1))
                       + 3. * np.swapaxes(c, 0, 1), 0, 1)
    np.testing.assert_allclose(r.asnumpy(), want, rtol=1e-5, atol=1e-5)


def test_second_order_gradient_det():
    # the gradient of det is itself differentiable (compare with numpy's formula)
    x = nd.array([[2., 1.], [0.5, 3.]], dtype="float64")
    x.attach_grad()
    with autograd.record():
        d = nd.linalg.det(x)
        g = autograd.grad(d, [x], create_graph=True)[0]
        s = (g * g).sum()
    s.backward()
    # d/dX det(X) = adj(X)^T = [[x11, -x10], [-x01, x00]]; sum of squares -> 2 * X
    np.testing.assert_allclose(g.asnumpy(), [[3., -0.5], [-1., 2.]])
    np.testing.assert_allclose(x.grad.asnumpy(), 2 * x.asnumpy())
