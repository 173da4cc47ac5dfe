"""Golden values for Gluon in NumPy mode (npx.set_np()) from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/numpy_gluon.py  ->  tests/golden/numpy_gluon.npz

A small MLP (HybridSequential, hybridized or not) and a 2.0-style Block whose
forward(x) uses np/npx directly, trained with SGD/Adam through a DataLoader:
per-step losses, final parameters, output types. Initial parameters are set from
a NumPy RandomState, so mxjax can start from the same values.
"""
import os
import sys

import numpy as onp
import mxnet as mx
from mxnet import np, npx, autograd, gluon
from mxnet.gluon import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402

npx.set_np()


def data():
    rs = onp.random.RandomState(0)
    X = rs.normal(size=(8, 4)).astype("float32")
    y = (rs.uniform(size=(8,)) * 3).astype("int32")
    return X, y


def init_values(shapes):
    rs = onp.random.RandomState(1)
    return [(rs.uniform(-0.5, 0.5, size=s)).astype("float32") for s in shapes]


class Mlp2(nn.Block):
    """A 2.0-style block: forward(x) with np/npx and its own parameters."""

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
    losses = []
    kinds = []
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
    fields = {"losses": onp.stack(losses)}
    for i, p in enumerate(params):
        fields["param%d" % i] = p.data().asnumpy()
    fields["types"] = onp.array(kinds[0])
    fields["param_type"] = onp.array(type(params[0].data()).__name__)
    return fields


def main():
    cases = {
        "mlp_sgd": run(mlp(), "sgd", False),
        "mlp_sgd_hybrid": run(mlp(), "sgd", True),
        "mlp_adam": run(mlp(), "adam", False),
        "block2_sgd": run(Mlp2(), "sgd", False),
    }
    save("numpy_gluon", cases)


if __name__ == "__main__":
    main()
