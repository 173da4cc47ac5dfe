"""Golden values for sparse storage (mx.nd.sparse) from MXNet 1.9.1: construction from
each form, components, tostype round trips, sparse dot / retain / add, Embedding
sparse_grad rows, lazy SGD / Adam / AdaGrad updates with row_sparse gradients.

Run: ~/.mxref/bin/python tools/golden/sparse.py
Writes tests/golden/sparse.npz; tests/ndarray/test_sparse.py and
tests/optimizer/test_sparse_update.py replay the cases.
"""
import os
import sys

import numpy as np
import mxnet as mx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cases, save  # noqa: E402

C = Cases()
rng = np.random.RandomState(7)

DENSE = np.array([[0, 1.5, 0, 0], [0, 0, 0, 0], [2, 0, 3, 0], [0, 0, 0, -4]], np.float32)


def comps(a):
    out = {"dense": a.asnumpy(), "data": a.data, "indices": a.indices,
           "stype": np.array(a.stype)}
    if a.stype == "csr":
        out["indptr"] = a.indptr
    return out


# -- construction ------------------------------------------------------------------------
C["csr_dense"] = comps(mx.nd.sparse.csr_matrix(DENSE))
C["csr_nd"] = comps(mx.nd.sparse.csr_matrix(mx.nd.array(DENSE, dtype="float64")))
C["csr_def"] = comps(mx.nd.sparse.csr_matrix(([1, 2, 3], [0, 2, 1], [0, 2, 2, 3]),
                                             shape=(3, 4)))
C["csr_def_noshape"] = comps(mx.nd.sparse.csr_matrix((np.array([1., 2.]), np.array([3, 0]),
                                                      np.array([0, 1, 2]))))
C["csr_shape"] = comps(mx.nd.sparse.csr_matrix((2, 3)))
C["rsp_dense"] = comps(mx.nd.sparse.row_sparse_array(DENSE))
C["rsp_def"] = comps(mx.nd.sparse.row_sparse_array(([[1, 2], [3, 4]], [1, 3]), shape=(5, 2)))
C["rsp_def_noshape"] = comps(mx.nd.sparse.row_sparse_array((np.ones((2, 3), np.float64),
                                                            np.array([0, 2]))))
C["rsp_shape"] = comps(mx.nd.sparse.row_sparse_array((3, 2)))
C["rsp_zero_row"] = comps(mx.nd.sparse.row_sparse_array(([[0., 0.], [1., 1.]], [0, 2]),
                                                        shape=(3, 2)))
C["zeros_csr"] = comps(mx.nd.zeros((2, 3), stype="csr"))
C["zeros_rsp"] = comps(mx.nd.sparse.zeros("row_sparse", (4, 2), dtype="float16"))

# -- tostype round trips -------------------------------------------------------------------
x = mx.nd.array(DENSE)
C["to_csr"] = comps(x.tostype("csr"))
C["to_rsp"] = comps(x.tostype("row_sparse"))
C["csr_to_default"] = {"dense": x.tostype("csr").tostype("default"),
                       "stype": np.array(x.tostype("csr").tostype("default").stype)}
C["cast_storage_rsp"] = comps(mx.nd.cast_storage(x, stype="row_sparse"))

# -- operators -----------------------------------------------------------------------------
csr = mx.nd.sparse.csr_matrix(DENSE)
rhs = mx.nd.array(rng.uniform(-1, 1, (4, 3)).astype(np.float32))
C["dot_csr_dns"] = {"out": mx.nd.sparse.dot(csr, rhs),
                    "stype": np.array(mx.nd.sparse.dot(csr, rhs).stype)}
C["dot_csrT_dns"] = comps(mx.nd.sparse.dot(csr, rhs, transpose_a=True))
rsp = mx.nd.sparse.row_sparse_array(([[1, 2], [3, 4], [5, 6]], [0, 2, 4]), shape=(6, 2))
C["retain"] = comps(mx.nd.sparse.retain(rsp, mx.nd.array([2, 3, 4], dtype="int64")))
rsp2 = mx.nd.sparse.row_sparse_array(([[1, 1], [2, 2]], [1, 2]), shape=(6, 2))
C["elemwise_add_rsp"] = comps(mx.nd.sparse.elemwise_add(rsp, rsp2))
C["add_n_rsp"] = comps(mx.nd.sparse.add_n(rsp, rsp2, rsp))
C["rsp_times_2"] = comps(rsp * 2)
C["csr_slice"] = comps(csr[1:3])

# -- autograd with sparse gradients ----------------------------------------------------------
w = mx.nd.array(rng.uniform(-1, 1, (4, 3)).astype(np.float32))
w.attach_grad(stype="row_sparse")
lhs = mx.nd.sparse.csr_matrix(np.array([[0, 1, 0, 0], [0, 0, 0, 2]], np.float32))
with mx.autograd.record():
    y = mx.nd.sparse.dot(lhs, w)
y.backward()
C["dot_grad_rsp"] = comps(w.grad)

emb = mx.gluon.nn.Embedding(6, 3, sparse_grad=True)
emb.initialize(mx.init.Uniform(0.5))
tokens = mx.nd.array([[1, 4], [4, 0]])
with mx.autograd.record():
    out = emb(tokens)
out.backward(mx.nd.array(rng.uniform(-1, 1, (2, 2, 3)).astype(np.float32)))
g = emb.weight.grad()
C["embedding_sparse_grad"] = dict(comps(g), weight=emb.weight.data(), out=out)

# -- lazy optimizer updates --------------------------------------------------------------------
W0 = rng.uniform(-1, 1, (5, 3)).astype(np.float32)
GROWS = np.array([1, 3])
GDATA = rng.uniform(-1, 1, (2, 3)).astype(np.float32)
OPTS = {
    "sgd_lazy": ("sgd", dict(learning_rate=0.1, momentum=0.9, wd=0.1)),
    "sgd_std": ("sgd", dict(learning_rate=0.1, momentum=0.9, wd=0.1, lazy_update=False)),
    "sgd_plain": ("sgd", dict(learning_rate=0.1, wd=0.05, clip_gradient=0.3)),
    "adam_lazy": ("adam", dict(learning_rate=0.01, wd=0.1)),
    "adam_std": ("adam", dict(learning_rate=0.01, wd=0.1, lazy_update=False)),
    "adagrad": ("adagrad", dict(learning_rate=0.1, rescale_grad=0.5)),
}
for case, (name, kw) in OPTS.items():
    for wst in ("default", "row_sparse"):
        opt = mx.optimizer.create(name, **kw)
        weight = mx.nd.array(W0)
        if wst != "default":
            weight = weight.tostype(wst)
        state = opt.create_state_multi_precision(0, weight)
        fields = {}
        for step in range(2):
            grad = mx.nd.sparse.row_sparse_array((GDATA * (step + 1), GROWS), shape=W0.shape)
            opt.update_multi_precision(0, weight, grad, state)
            fields["w%d" % step] = weight.asnumpy()
        C["%s_%s" % (case, wst)] = fields

save("sparse", C)
