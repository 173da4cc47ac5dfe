"""Gluon in NumPy mode (npx.set_np()) against MXNet 1.9.1 (tools/golden/numpy_gluon.py):
np arrays through blocks, losses, DataLoader and Trainer; parameters hold np arrays;
hybridize(); a 2.0-style Block whose forward(x) uses np/npx."""
import numpy as onp
import pytest

from mxjax import numpy as np, numpy_extension as npx, autograd, gluon, util
from mxjax.gluon import nn
from golden_utils import load, assert_matches

GOLDEN = load("numpy_gluon")


@pytest.fixture(autouse=True)
def np_mode():
    npx.set_np()
    yield
    npx.reset_np()


def data():
    rs = onp.random.RandomState(0)
    X = rs.normal(size=(8, 4)).astype("float32")
    y = (rs.uniform(size=(8,)) * 3).astype("int32")
    return X, y


def init_values(shapes):
    rs = onp.random.RandomState(1)
    return [(rs.uniform(-0.5, 0.5, size=s)).astype("float32") for s in shapes]


class Mlp2(nn.Block):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.w = self.params.get("w", shape=(4, 5))
        self.b = self.params.get("b", shape=(5,))
        self.out = nn.Dense(3, in_units=5)

    def forward(self, x):
        h = npx.relu(np.dot(x, self.w.data()) + self.b.data())
        return self.out(h)


def mlp():
    net = nn.HybridSequential()
    net.add(nn.Dense(5, activation="relu", in_units=4), nn.Dense(3, in_units=5))
    return net


def run(net, optimizer, hybridize):
    net.initialize()
    params = list(net.collect_params().values())
    for p, v in zip(params, init_values([p.shape for p in params])):
        p.set_data(np.array(v))
    if hybridize:
        net.hybridize()
    X, y = data()
    loader = gluon.data.DataLoader(gluon.data.ArrayDataset(np.array(X), np.array(y)),
                                   batch_size=4, shuffle=False)
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), optimizer, {"learning_rate": 0.1})
    losses, kinds = [], []
    for _ in range(2):
        for xb, yb in loader:
            with autograd.record():
                out = net(xb)
                l = loss(out, yb)
            l.backward()
            trainer.step(xb.shape[0])
            losses.append(l.asnumpy())
            kinds.append([type(xb).__name__, type(yb).__name__, type(out).__name__,
                          type(l).__name__])
    return params, onp.stack(losses), kinds[0]


@pytest.mark.parametrize("case,make,opt,hybrid", [
    ("mlp_sgd", mlp, "sgd", False), ("mlp_sgd_hybrid", mlp, "sgd", True),
    ("mlp_adam", mlp, "adam", False), ("block2_sgd", Mlp2, "sgd", False)])
def test_training_matches_mxnet(case, make, opt, hybrid):
    gold = GOLDEN[case]
    assert util.is_np_array() and npx.is_np_array() and npx.is_np_shape()
    params, losses, kinds = run(make(), opt, hybrid)
    assert_matches(losses, gold["losses"], rtol=1e-4, atol=1e-5)
    for i, p in enumerate(params):
        assert type(p.data()) is np.ndarray and type(p.grad()) is np.ndarray
        assert_matches(p.data(), gold["param%d" % i], rtol=1e-4, atol=1e-5)
    assert kinds == list(gold["types"])


def test_mode_switches():
    npx.reset_np()
    assert not npx.is_np_array() and not npx.is_np_shape()

    @npx.use_np
    def inside():
        return npx.is_np_array(), npx.is_np_shape()
    assert inside() == (True, True) and not npx.is_np_array()
    assert npx.use_np_array(lambda: util.is_np_array())() is True
    assert npx.use_np_shape(lambda: util.is_np_shape())() is True

    @npx.use_np
    class Net(nn.HybridBlock):
        def hybrid_forward(self, F, x):
            return F.npx.relu(x)
    net = Net()
    net.initialize()
    assert type(net(np.array([-1., 1.]))) is np.ndarray
    with pytest.raises(Exception):
        npx.set_np(shape=False, array=True)


def test_np_training_uses_the_fused_step():
    """np gradient buffers take the same deferred backward + fused Trainer.step as nd."""
    from mxjax import engine
    net = mlp()
    net.initialize()
    net.hybridize()
    X, y = (np.array(v) for v in data())
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    before = engine.stats()["fused_steps"]
    for _ in range(4):
        with autograd.record():
            l = loss(net(X), y)
        l.backward()
        trainer.step(8)
    float(l.mean())
    assert engine.stats()["fused_steps"] > before
    assert type(net[0].weight.grad()) is np.ndarray
