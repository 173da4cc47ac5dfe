"""Golden losses of the first 5 SGD steps of the digits examples' networks (LeNet and
MLP, hybridized), from MXNet 1.9.1, with their initial parameters and batches.

The networks are the examples' own ``build_lenet``/``build_mlp``, run under MXNet by
aliasing ``mxjax`` to ``mxnet``.

Run: ~/.mxref/bin/python tools/golden/gluon_train_examples.py
Writes tests/golden/gluon_train_examples.npz; tests/test_examples.py replays it.
"""
import os
import sys

import numpy as np
import mxnet as mx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "examples"))
sys.modules["mxjax"] = mx
from common import Cases, save  # noqa: E402
from lenet_digits import build_lenet  # noqa: E402
from mlp_digits import build_mlp  # noqa: E402

C = Cases()


def run(name, net, shape):
    mx.random.seed(0)
    net.initialize(mx.init.Xavier())
    net.hybridize()
    params = {k: v.data().asnumpy() for k, v in net.collect_params().items()}
    r = np.random.RandomState(1)
    xs = [r.normal(0, 1, (16,) + shape).astype("float32") for _ in range(5)]
    ys = [r.randint(0, 10, 16).astype("float32") for _ in range(5)]
    loss_fn = mx.gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = mx.gluon.Trainer(net.collect_params(), "sgd",
                               {"learning_rate": 0.1, "momentum": 0.9, "wd": 1e-4})
    losses = []
    for x, y in zip(xs, ys):
        with mx.autograd.record():
            loss = loss_fn(net(mx.nd.array(x)), mx.nd.array(y))
        loss.backward()
        trainer.step(x.shape[0])
        losses.append(loss.mean().asscalar())
    fields = {"init::" + k: v for k, v in params.items()}
    fields.update({"final::" + k: v.data() for k, v in net.collect_params().items()})
    fields.update({"x%d" % i: x for i, x in enumerate(xs)})
    fields.update({"y%d" % i: y for i, y in enumerate(ys)})
    fields["losses"] = np.array(losses, dtype="float32")
    C[name] = fields


run("lenet", build_lenet(), (1, 8, 8))
run("mlp", build_mlp(), (64,))
save("gluon_train_examples", C)
