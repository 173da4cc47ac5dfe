"""Gluon with sparse storage: Embedding(sparse_grad=True), row_sparse parameters, the
Trainer and kvstore row_sparse_pull (values from MXNet 1.9.1: tests/golden/sparse.npz)."""
import numpy as np
import pytest

import mxjax as mx
from mxjax import gluon
from golden_utils import load, assert_matches

G = load("sparse")


def test_embedding_sparse_grad_matches_mxnet():
    g = G["embedding_sparse_grad"]
    rng = np.random.RandomState(7)  # the generator's draws, in its order
    rng.uniform(-1, 1, (4, 3))
    rng.uniform(-1, 1, (4, 3))
    head = rng.uniform(-1, 1, (2, 2, 3)).astype(np.float32)
    emb = gluon.nn.Embedding(6, 3, sparse_grad=True)
    emb.initialize()
    emb.weight.set_data(mx.nd.array(g["weight"]))
    with mx.autograd.record():
        out = emb(mx.nd.array([[1, 4], [4, 0]]))
    out.backward(mx.nd.array(head))
    assert_matches(out, g["out"])
    grad = emb.weight.grad()
    assert grad.stype == "row_sparse"
    assert_matches(grad, g["dense"], 1e-6, 1e-7)
    assert_matches(grad.indices, g["indices"])
    assert_matches(grad.data, g["data"], 1e-6, 1e-7)


def test_row_sparse_parameter_and_trainer():
    p = gluon.Parameter("w", shape=(6, 2), stype="row_sparse", grad_stype="row_sparse")
    p.initialize(init=mx.init.One(), ctx=[mx.cpu(0), mx.cpu(1)])
    assert p.grad(mx.cpu(0)).stype == "row_sparse"
    assert p.var().attr("__storage_type__") == "1"
    rows = mx.nd.array([1, 4])
    with pytest.raises(RuntimeError, match="no Trainer"):
        p.row_sparse_data(rows)
    with pytest.raises(RuntimeError, match="row_sparse_data"):
        p.data()
    trainer = gluon.Trainer([p], "sgd", {"learning_rate": 0.5, "wd": 0.1})
    w = p.row_sparse_data(rows)
    assert w.stype == "row_sparse" and w.context == mx.cpu(0)
    np.testing.assert_array_equal(w.indices.asnumpy(), [1, 4])
    np.testing.assert_array_equal(w.asnumpy(), [[0, 0], [1, 1], [0, 0], [0, 0], [1, 1], [0, 0]])
    ws = p.list_row_sparse_data(rows)
    with mx.autograd.record():
        ys = [(mx.nd.Embedding(mx.nd.array([1, 4], ctx=x.context), x, input_dim=6,
                               output_dim=2, sparse_grad=True) * 2).sum() for x in ws]
    mx.autograd.backward(ys)
    assert p.grad(mx.cpu(1)).stype == "row_sparse"
    np.testing.assert_array_equal(p.grad(mx.cpu(1)).indices.asnumpy(), [1, 4])
    trainer.step(1)
    full = p.row_sparse_data(mx.nd.arange(6)).asnumpy()
    # lazy SGD on the store: rows 1 and 4 get 2 * 2 (two contexts) and weight decay,
    # the others keep their value (no weight decay without a gradient row)
    expect = np.ones((6, 2), np.float32)
    expect[[1, 4]] = 1 - 0.5 * (4 + 0.1 * 1)
    np.testing.assert_allclose(full, expect, rtol=1e-6)


def test_kvstore_row_sparse_pull():
    kv = mx.kv.create("local")
    kv.init(3, mx.nd.array(np.arange(8, dtype=np.float32).reshape(4, 2)))
    out = mx.nd.sparse.zeros("row_sparse", (4, 2))
    kv.row_sparse_pull(3, out=out, row_ids=mx.nd.array([0, 2]))
    np.testing.assert_array_equal(out.indices.asnumpy(), [0, 2])
    np.testing.assert_array_equal(out.asnumpy(), [[0, 1], [0, 0], [4, 5], [0, 0]])
