"""Golden fixtures for mxjax.gluon's core (run with ~/.mxref/bin/python).

Writes tests/golden/gluon_core.npz (automatic names, a small network's outputs
and gradients, plain and hybridized) and, under tests/golden/gluon_core/, files
written by MXNet: save_parameters, save_params (legacy names), export.
"""
import os
import sys
import warnings

import numpy as np
import mxnet as mx
from mxnet import autograd, gluon
from mxnet.gluon import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save, GOLDEN_DIR  # noqa: E402
from gluon_harness import run_cases  # noqa: E402

warnings.simplefilter("ignore")
FILES = os.path.join(GOLDEN_DIR, "gluon_core")
os.makedirs(FILES, exist_ok=True)


class Model(gluon.HybridBlock):
    def __init__(self, **kwargs):
        super(Model, self).__init__(**kwargs)
        with self.name_scope():
            self.fc = nn.Dense(3)
            self.out = nn.Dense(2, use_bias=False)

    def hybrid_forward(self, F, x):
        return self.out(F.tanh(self.fc(x)))


class Plain(gluon.Block):
    def __init__(self, **kwargs):
        super(Plain, self).__init__(**kwargs)
        with self.name_scope():
            self.body = nn.Dense(3)

    def forward(self, x):
        return self.body(x)


def naming():
    """Names of blocks and parameters in typical constructions (fresh counters)."""
    lines = []
    with mx.name.NameManager():
        a = nn.Dense(3)
        b = nn.Dense(3, activation="relu")
        lines += [a.name, b.name, b.act.name, a.weight.name, b.bias.name]
        net = nn.HybridSequential()
        with net.name_scope():
            net.add(nn.Dense(4), nn.Dense(4), nn.Conv2D(2, 3), nn.MaxPool2D(),
                    nn.BatchNorm(), nn.Activation("tanh"), nn.Dropout(0.5))
        lines += [net.prefix] + [c.prefix for c in net._children.values()]
        lines += list(net.collect_params().keys())
        m = Model()
        lines += [m.name] + list(m.collect_params().keys())
        m2 = Model(prefix="mine_")
        lines += list(m2.collect_params().keys())
        p = Plain()
        lines += list(p.collect_params().keys())
        shared = nn.Dense(3, params=a.collect_params())
        lines += [shared.name] + list(shared.collect_params().keys())
        e = nn.HybridSequential(prefix="")
        with e.name_scope():
            e.add(nn.Dense(2))
        lines += [e.name, e[0].name]
        lines += sorted(net._collect_params_with_prefix().keys())
        lines += sorted(m._collect_params_with_prefix().keys())
        lines += list(net.collect_params(".*weight").keys())
        lines += list(net.collect_params("hybridsequential0_dense0_weight|.*bias").keys())
    return {"names": np.array("\n".join(lines))}


def reprs():
    """repr() of parameters, dicts and blocks."""
    with mx.name.NameManager():
        out = [repr(gluon.Parameter("w", shape=(2, 3))),
               repr(gluon.Parameter("w", shape=3, dtype="float16")),
               repr(gluon.Constant("c", [[1, 2], [3, 4]])),
               repr(nn.Dense(3).collect_params())]
        net = nn.HybridSequential()
        with net.name_scope():
            net.add(nn.Dense(4, activation="relu", in_units=2), nn.Dense(2), nn.Dropout(0.3),
                    nn.BatchNorm(), nn.Conv2D(3, 3, padding=1, use_bias=False),
                    nn.Conv1DTranspose(2, 3, strides=2, in_channels=4), nn.MaxPool2D(),
                    nn.GlobalAvgPool1D(), nn.Flatten(), nn.Embedding(5, 3), nn.LayerNorm(),
                    nn.InstanceNorm(), nn.GroupNorm(2), nn.LeakyReLU(0.1),
                    nn.HybridLambda("tanh"))
        out.append(repr(net))
        seq = nn.Sequential()
        seq.add(nn.Dense(3), nn.Lambda("relu"))
        out.append(repr(seq))
        out.append(repr(Model()))
    return {"reprs": np.array("\n=====\n".join(out))}


def network_files():
    """A small network with fixed values, saved by MXNet in every format."""
    rng = np.random.RandomState(7)
    with mx.name.NameManager():
        net = nn.HybridSequential()
        with net.name_scope():
            net.add(nn.Dense(4, activation="relu"), nn.BatchNorm(), nn.Dense(2))
        net.initialize()
        x = mx.nd.array(rng.standard_normal((3, 5)).astype("float32"))
        net(x)
        fields = {"x": x}
        for name, p in sorted(net._collect_params_with_prefix().items()):
            v = rng.uniform(-1, 1, size=p.shape).astype("float32")
            if name.endswith("running_var"):
                v = np.abs(v) + 0.5
            p.set_data(mx.nd.array(v))
            fields["p:" + name] = v
        fields["out"] = net(x)
        import io
        import contextlib
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            net.summary(x)
        fields["summary"] = np.array(buf.getvalue())
        net.save_parameters(os.path.join(FILES, "net.params"))
        net.save_params(os.path.join(FILES, "net_legacy.params"))
        net.hybridize()
        net(x)
        net.export(os.path.join(FILES, "net"), epoch=3)
        fields["keys"] = np.array("\n".join(sorted(mx.nd.load(
            os.path.join(FILES, "net.params")).keys())))
        fields["legacy_keys"] = np.array("\n".join(sorted(mx.nd.load(
            os.path.join(FILES, "net_legacy.params")).keys())))
        fields["export_keys"] = np.array("\n".join(sorted(mx.nd.load(
            os.path.join(FILES, "net-0003.params")).keys())))
    return fields


def training_loop():
    """Three SGD steps (manual update) of a hybridized net with BatchNorm."""
    rng = np.random.RandomState(3)
    net = nn.HybridSequential()
    with net.name_scope():
        net.add(nn.Dense(4, in_units=3), nn.BatchNorm(in_channels=4), nn.Dense(1, in_units=4))
    net.initialize()
    fields = {}
    for name, p in sorted(net._collect_params_with_prefix().items()):
        v = rng.uniform(-1, 1, size=p.shape).astype("float32")
        if name.endswith("running_var"):
            v = np.abs(v) + 0.5
        p.set_data(mx.nd.array(v))
        fields["p:" + name] = v
    net.hybridize()
    for step in range(3):
        x = mx.nd.array(rng.standard_normal((4, 3)).astype("float32"))
        fields["x%d" % step] = x
        with autograd.record():
            loss = (net(x) ** 2).mean()
        loss.backward()
        fields["loss%d" % step] = loss
        for name, p in net._collect_params_with_prefix().items():
            if p.grad_req != "null":
                p.set_data(p.data() - 0.1 * p.grad())
    for name, p in sorted(net._collect_params_with_prefix().items()):
        fields["final:" + name] = p.data()
    fields["predict"] = net(mx.nd.array(np.ones((2, 3), dtype="float32")))
    return fields


CASES = {
    "model": {"build": "Model()", "inputs": [(2, 5)]},
    "model_hybrid_inside": {"build": "Model()", "inputs": [(2, 5)],
                            "call": "block.hybridize() or block(*inputs)"},
}


def main():
    cases = {"naming": naming(), "reprs": reprs(), "files": network_files(), "training": training_loop()}
    cases.update(run_cases(CASES, env={"Model": Model}))
    save("gluon_core", cases)


if __name__ == "__main__":
    main()
