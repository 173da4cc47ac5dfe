"""mx.nd.sparse: CSRNDArray / RowSparseNDArray against MXNet 1.9.1 (tests/golden/sparse.npz,
written by tools/golden/sparse.py)."""
import pickle

import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
from mxjax.ndarray import sparse
from golden_utils import load, assert_matches

G = load("sparse")
DENSE = np.array([[0, 1.5, 0, 0], [0, 0, 0, 0], [2, 0, 3, 0], [0, 0, 0, -4]], np.float32)


def check(arr, case, rtol=1e-6, atol=1e-7):
    """``arr``'s storage type, dense value and components equal the golden case."""
    g = G[case]
    assert arr.stype == str(g["stype"])
    assert_matches(arr, g["dense"], rtol, atol)
    assert_matches(arr.data, g["data"], rtol, atol)
    assert_matches(arr.indices, g["indices"])
    if "indptr" in g:
        assert_matches(arr.indptr, g["indptr"])
    arr.check_format()


# -- construction ----------------------------------------------------------------------


@pytest.mark.parametrize("case, make", [
    ("csr_dense", lambda: sparse.csr_matrix(DENSE)),
    ("csr_nd", lambda: sparse.csr_matrix(mx.nd.array(DENSE, dtype="float64"))),
    ("csr_def", lambda: sparse.csr_matrix(([1, 2, 3], [0, 2, 1], [0, 2, 2, 3]), shape=(3, 4))),
    ("csr_def_noshape", lambda: sparse.csr_matrix((np.array([1., 2.]), np.array([3, 0]),
                                                   np.array([0, 1, 2])))),
    ("csr_shape", lambda: sparse.csr_matrix((2, 3))),
    ("rsp_dense", lambda: sparse.row_sparse_array(DENSE)),
    ("rsp_def", lambda: sparse.row_sparse_array(([[1, 2], [3, 4]], [1, 3]), shape=(5, 2))),
    ("rsp_def_noshape", lambda: sparse.row_sparse_array((np.ones((2, 3), np.float64),
                                                         np.array([0, 2])))),
    ("rsp_shape", lambda: sparse.row_sparse_array((3, 2))),
    ("rsp_zero_row", lambda: sparse.row_sparse_array(([[0., 0.], [1., 1.]], [0, 2]),
                                                     shape=(3, 2))),
    ("zeros_csr", lambda: mx.nd.zeros((2, 3), stype="csr")),
    ("zeros_rsp", lambda: sparse.zeros("row_sparse", (4, 2), dtype="float16")),
])
def test_construction(case, make):
    arr = make()
    check(arr, case)
    assert isinstance(arr, mx.nd.NDArray)
    assert isinstance(arr, sparse.CSRNDArray if arr.stype == "csr" else sparse.RowSparseNDArray)


def test_construction_from_scipy_and_copies():
    sps = pytest.importorskip("scipy.sparse")
    m = sps.csr_matrix(DENSE)
    a = sparse.csr_matrix(m)
    check(a, "csr_dense")
    b = sparse.array(m)
    check(b, "csr_dense")
    np.testing.assert_array_equal(a.asscipy().toarray(), DENSE)
    check(sparse.csr_matrix(a), "csr_dense")
    check(sparse.array(a), "csr_dense")
    check(mx.nd.array(m), "csr_dense")  # nd.array keeps sparse sources sparse
    check(mx.nd.array(a), "csr_dense")
    c = sparse.csr_matrix(([1.0, 2.0], ([0, 1], [2, 0])), shape=(2, 3))  # coordinates
    np.testing.assert_array_equal(c.asnumpy(), [[0, 0, 1], [2, 0, 0]])


def test_bad_construction_raises():
    with pytest.raises(ValueError):
        sparse.row_sparse_array(sparse.csr_matrix(DENSE))
    with pytest.raises(ValueError):
        sparse.csr_matrix(np.ones((2, 2, 2)))
    with pytest.raises(MXNetError, match="use tostype"):
        sparse.array(mx.nd.ones((2, 2)))
    with pytest.raises(MXNetError, match="unknown storage type"):
        mx.nd.zeros((2, 2), stype="dense")
    with pytest.raises(MXNetError, match="not sorted"):
        sparse.row_sparse_array(([[1.], [2.]], [3, 1]), shape=(4, 1)).check_format()
    with pytest.raises(MXNetError, match="cannot find argument 'stype'"):
        mx.nd.ones((2, 2), stype="csr")


# -- conversions --------------------------------------------------------------------------


def test_tostype_round_trips():
    x = mx.nd.array(DENSE)
    check(x.tostype("csr"), "to_csr")
    check(x.tostype("row_sparse"), "to_rsp")
    check(mx.nd.cast_storage(x, stype="row_sparse"), "cast_storage_rsp")
    back = x.tostype("csr").tostype("default")
    assert back.stype == "default" and type(back) is mx.nd.NDArray
    assert_matches(back, G["csr_to_default"]["dense"])
    with pytest.raises(MXNetError, match="not supported"):
        x.tostype("csr").tostype("row_sparse")
    with pytest.raises(MXNetError, match="not supported"):
        x.tostype("row_sparse").tostype("csr")


def test_copies_keep_storage_and_rows():
    r = sparse.row_sparse_array(([[0., 0.], [1., 1.]], [0, 2]), shape=(3, 2))
    for c in (r.copy(), r.copyto(mx.cpu(1)), r.detach(), r.astype("float64"),
              pickle.loads(pickle.dumps(r))):
        assert c.stype == "row_sparse"
        np.testing.assert_array_equal(c.indices.asnumpy(), [0, 2])  # the stored zero row too
        np.testing.assert_array_equal(c.asnumpy(), r.asnumpy())
    assert r.copyto(mx.cpu(1)).context == mx.cpu(1)
    dense = mx.nd.zeros((3, 2))
    r.copyto(dense)
    np.testing.assert_array_equal(dense.asnumpy(), r.asnumpy())
    assert dense.stype == "default"
    assert "RowSparseNDArray 3x2" in repr(r)


def test_storage_fallback_gives_dense():
    c = mx.nd.array(DENSE).tostype("csr")
    e = mx.nd.exp(c)
    assert type(e) is mx.nd.NDArray and e.stype == "default"
    np.testing.assert_allclose(e.asnumpy(), np.exp(DENSE), rtol=1e-6)
    assert (c + 1).stype == "default"
    assert (c * 2).stype == "csr"
    np.testing.assert_array_equal((c * 2).asnumpy(), DENSE * 2)
    with pytest.raises(MXNetError, match="reshape"):
        c.reshape((16,))


def test_getitem_setitem():
    c = sparse.csr_matrix(DENSE)
    check(c[1:3], "csr_slice")
    np.testing.assert_array_equal(c[2].asnumpy(), DENSE[2:3])
    r = sparse.row_sparse_array(DENSE)
    assert r[:] is r
    with pytest.raises(MXNetError):
        r[1]
    r[:] = mx.nd.ones((4, 4))
    np.testing.assert_array_equal(r.indices.asnumpy(), [0, 1, 2, 3])


# -- operators --------------------------------------------------------------------------------


def test_dot_retain_add():
    csr = sparse.csr_matrix(DENSE)
    rhs = mx.nd.array(np.random.RandomState(7).uniform(-1, 1, (4, 3)).astype(np.float32))
    out = sparse.dot(csr, rhs)
    assert out.stype == "default"
    np.testing.assert_allclose(out.asnumpy(), DENSE @ rhs.asnumpy(), rtol=1e-6)
    outT = sparse.dot(csr, rhs, transpose_a=True)
    assert outT.stype == "row_sparse"
    np.testing.assert_allclose(outT.asnumpy(), DENSE.T @ rhs.asnumpy(), rtol=1e-6, atol=1e-7)
    assert_matches(outT.indices, G["dot_csrT_dns"]["indices"])
    rsp = sparse.row_sparse_array(([[1, 2], [3, 4], [5, 6]], [0, 2, 4]), shape=(6, 2))
    check(sparse.retain(rsp, mx.nd.array([2, 3, 4], dtype="int64")), "retain")
    rsp2 = sparse.row_sparse_array(([[1, 1], [2, 2]], [1, 2]), shape=(6, 2))
    check(sparse.elemwise_add(rsp, rsp2), "elemwise_add_rsp")
    check(sparse.add_n(rsp, rsp2, rsp), "add_n_rsp")
    check(rsp * 2, "rsp_times_2")
    with pytest.raises(MXNetError, match="RowSparseNDArray"):
        sparse.retain(mx.nd.ones((2, 2)), mx.nd.array([0]))


def test_dot_golden_values():
    csr = sparse.csr_matrix(DENSE)
    rhs = mx.nd.array(np.random.RandomState(7).uniform(-1, 1, (4, 3)).astype(np.float32))
    assert_matches(sparse.dot(csr, rhs), G["dot_csr_dns"]["out"], 1e-6, 1e-6)
    check(sparse.dot(csr, rhs, transpose_a=True), "dot_csrT_dns", 1e-6, 1e-6)


# -- autograd -----------------------------------------------------------------------------------


def test_gradient_storage_types():
    for array_stype in ("default", "csr", "row_sparse"):
        x = mx.nd.zeros((1, 1), stype=array_stype)
        x.attach_grad()
        assert x.grad.stype == array_stype
        assert x.detach().stype == array_stype
        for grad_stype in ("default", "csr", "row_sparse"):
            x.attach_grad(stype=grad_stype)
            assert x.grad.stype == grad_stype
    with pytest.raises(MXNetError, match="storage type"):
        mx.nd.ones((2,)).attach_grad(stype="dense")


def test_sparse_dot_gradient_row_sparse():
    rng = np.random.RandomState(7)
    rng.uniform(-1, 1, (4, 3))
    w = mx.nd.array(rng.uniform(-1, 1, (4, 3)).astype(np.float32))
    w.attach_grad(stype="row_sparse")
    lhs = sparse.csr_matrix(np.array([[0, 1, 0, 0], [0, 0, 0, 2]], np.float32))
    with mx.autograd.record():
        y = sparse.dot(lhs, w)
    y.backward()
    check(w.grad, "dot_grad_rsp")


def test_unary_gradient_through_sparse_input():
    x = mx.nd.array(DENSE).tostype("row_sparse")
    x.attach_grad()
    with mx.autograd.record():
        y = x * x
    y.backward()
    assert x.grad.stype == "row_sparse"
    np.testing.assert_allclose(x.grad.asnumpy(), 2 * DENSE)
