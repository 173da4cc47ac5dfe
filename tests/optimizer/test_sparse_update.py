"""Optimizer updates with row_sparse gradients (lazy and standard) against MXNet 1.9.1
(tests/golden/sparse.npz, written by tools/golden/sparse.py)."""
import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
from golden_utils import load, assert_matches

G = load("sparse")
rng = np.random.RandomState(7)  # the generator's draws, in its order
rng.uniform(-1, 1, (4, 3))
rng.uniform(-1, 1, (4, 3))
rng.uniform(-1, 1, (2, 2, 3))
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


@pytest.mark.parametrize("method", ["update", "update_multi_precision"])
@pytest.mark.parametrize("wst", ["default", "row_sparse"])
@pytest.mark.parametrize("case", sorted(OPTS))
def test_update_with_row_sparse_grad(case, wst, method):
    name, kw = OPTS[case]
    opt = mx.optimizer.create(name, **kw)
    weight = mx.nd.array(W0)
    if wst != "default":
        weight = weight.tostype(wst)
    state = opt.create_state_multi_precision(0, weight)
    for step in range(2):
        grad = mx.nd.sparse.row_sparse_array((GDATA * (step + 1), GROWS), shape=W0.shape)
        getattr(opt, method)(0, weight, grad, state)
        assert weight.stype == wst
        assert_matches(weight, G["%s_%s" % (case, wst)]["w%d" % step], 1e-5, 1e-6)
    if case.endswith("_lazy") or case == "adagrad":  # rows without gradient untouched
        untouched = [r for r in range(W0.shape[0]) if r not in GROWS]
        np.testing.assert_array_equal(weight.asnumpy()[untouched], W0[untouched])


def test_sparse_adagrad_rejects_weight_decay():
    opt = mx.optimizer.create("adagrad", wd=0.1)
    weight = mx.nd.array(W0)
    grad = mx.nd.sparse.row_sparse_array((GDATA, GROWS), shape=W0.shape)
    with pytest.raises(MXNetError, match="wd"):
        opt.update(0, weight, grad, opt.create_state(0, weight))


def test_csr_gradient_updates_with_its_dense_value():
    w1, w2 = mx.nd.array(W0[:, :2]), mx.nd.array(W0[:, :2])
    g = mx.nd.array(np.where(np.abs(W0[:, :2]) > 0.5, 1.0, 0.0)).tostype("csr")
    o1, o2 = mx.optimizer.create("sgd", learning_rate=0.1, wd=0.1), \
        mx.optimizer.create("sgd", learning_rate=0.1, wd=0.1)
    o1.update(0, w1, g, None)
    o2.update(0, w2, g.tostype("default"), None)
    np.testing.assert_allclose(w1.asnumpy(), w2.asnumpy(), rtol=1e-6)
