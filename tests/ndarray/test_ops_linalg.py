"""dot / batch_dot against MXNet 1.9.1 golden values; the nd.linalg_* aliases."""
import numpy as np
import pytest

from mxjax import nd, autograd
from golden_utils import load, assert_matches

G = load("dot")
SPECS = {
    "dot_2d": ("dot", False, False), "dot_ta": ("dot", True, False),
    "dot_tb": ("dot", False, True), "dot_tab": ("dot", True, True),
    "dot_nd": ("dot", False, False), "dot_mv": ("dot", False, False),
    "dot_vv": ("dot", False, False), "bdot": ("batch_dot", False, False),
    "bdot_ta": ("batch_dot", True, False), "bdot_tb": ("batch_dot", False, True),
    "bdot_tab": ("batch_dot", True, True),
}


@pytest.mark.parametrize("case", sorted(G))
def test_dot_and_batch_dot(case):
    c = G[case]
    op, ta, tb = SPECS[case.rsplit("_", 1)[0]]
    a, b = nd.array(c["a"], dtype=c["a"].dtype), nd.array(c["b"], dtype=c["b"].dtype)
    a.attach_grad()
    b.attach_grad()
    with autograd.record():
        out = getattr(nd, op)(a, b, transpose_a=ta, transpose_b=tb)
    out.backward(nd.array(c["head"], dtype=c["head"].dtype))
    tol = 1e-5 if c["a"].dtype == np.float32 else 1e-12
    assert_matches(out, c["out"], rtol=tol, atol=tol)
    assert_matches(a.grad, c["grad_a"], rtol=tol, atol=tol)
    assert_matches(b.grad, c["grad_b"], rtol=tol, atol=tol)


LINALG_ALIASES = ["det", "extractdiag", "extracttrian", "gelqf", "gemm", "gemm2", "inverse",
                  "makediag", "maketrian", "potrf", "potri", "slogdet", "sumlogdiag", "syrk",
                  "trmm", "trsm"]


def _spd(n):
    rng = np.random.RandomState(n)
    m = rng.standard_normal((n, n))
    return m @ m.T + n * np.eye(n)


def _args(name):
    a = nd.array(_spd(3))
    low = nd.array(np.linalg.cholesky(_spd(3)))
    return {
        "det": ([a], {}), "slogdet": ([a], {}), "inverse": ([a], {}),
        "extractdiag": ([a], {}), "extracttrian": ([a], {}), "potrf": ([a], {}),
        "potri": ([low], {}), "sumlogdiag": ([low], {}), "syrk": ([a], {"alpha": 0.5}),
        "gelqf": ([nd.array(np.random.RandomState(1).standard_normal((2, 3)))], {}),
        "gemm": ([a, a, a], {"alpha": 2.0, "beta": 0.5}), "gemm2": ([a, a], {"alpha": 1.5}),
        "makediag": ([nd.array([1.0, 2.0, 3.0])], {}),
        "maketrian": ([nd.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])], {}),
        "trmm": ([low, a], {"alpha": 1.0}), "trsm": ([low, a], {"alpha": 1.0}),
    }[name]


@pytest.mark.parametrize("name", LINALG_ALIASES)
def test_nd_linalg_underscore_aliases(name):
    """nd.linalg_<name> (MXNet's flat name) is nd.linalg.<name> with the same arguments."""
    args, kwargs = _args(name)
    flat = getattr(nd, "linalg_" + name)(*args, **kwargs)
    ref = getattr(nd.linalg, name)(*args, **kwargs)
    flat = flat if isinstance(flat, list) else [flat]
    ref = ref if isinstance(ref, list) else [ref]
    assert len(flat) == len(ref)
    for f, r in zip(flat, ref):
        np.testing.assert_array_equal(f.asnumpy(), r.asnumpy())
