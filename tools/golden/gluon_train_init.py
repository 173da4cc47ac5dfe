"""Golden values for mx.init (deterministic initializers, dumps, name dispatch), from
MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/gluon_train_init.py
Writes tests/golden/gluon_train_init.npz; tests/test_initializer.py replays every case.
"""
import os
import sys

import numpy as np
import mxnet as mx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cases, save  # noqa: E402

C = Cases()


def run(init, name, shape, attrs=None, dtype="float32"):
    arr = mx.nd.full(shape, 7.0, dtype=dtype)
    init(mx.init.InitDesc(name, attrs), arr)
    return arr


def text(s):
    return np.array(s)


C["constant_weight"] = {"out": run(mx.init.Constant(0.5), "fc_weight", (3, 4))}
C["constant_array"] = {"out": run(mx.init.Constant(np.arange(4.0)), "fc_weight", (3, 4))}
C["zero_weight"] = {"out": run(mx.init.Zero(), "w_weight", (2, 3))}
C["one_weight"] = {"out": run(mx.init.One(), "w_weight", (2, 3))}
C["one_bias"] = {"out": run(mx.init.One(), "w_bias", (3,))}
C["zero_gamma"] = {"out": run(mx.init.Zero(), "bn_gamma", (3,))}
C["one_beta"] = {"out": run(mx.init.One(), "bn_beta", (3,))}
C["one_min"] = {"out": run(mx.init.One(), "q_min", (2,))}
C["zero_max"] = {"out": run(mx.init.Zero(), "q_max", (2,))}
C["attr_init_zeros"] = {"out": run(mx.init.One(), "x_weight", (2, 2), {"__init__": "zeros"})}
C["attr_init_json"] = {"out": run(mx.init.Zero(), "x_bias", (2, 2),
                                  {"__init__": mx.init.Constant(3.0).dumps()})}
C["bilinear"] = {"out": run(mx.init.Bilinear(), "up_weight", (2, 1, 4, 4))}
C["bilinear_odd"] = {"out": run(mx.init.Bilinear(), "up_weight", (1, 2, 3, 5))}
C["lstmbias"] = {"out": run(mx.init.LSTMBias(2.5), "lstm_bias", (8,))}
C["lstmbias_weightname"] = {"out": run(mx.init.LSTMBias(), "lstm_weight", (12,))}
C["fp16_constant"] = {"out": run(mx.init.Constant(0.1), "w_weight", (3,), dtype="float16")}

# FusedRNN with deterministic inner initializers
for mode, layers, bi, size_in in (("lstm", 2, True, 3), ("gru", 1, False, 2),
                                  ("rnn_tanh", 2, False, 3)):
    h = 2
    m = {"lstm": 4, "gru": 3, "rnn_tanh": 1}[mode]
    b = 2 if bi else 1
    total = (size_in + h + 2) * h * m * b + (layers - 1) * m * h * (h + b * h + 2) * b
    init = mx.init.FusedRNN(mx.init.One(), h, layers, mode, bi, forget_bias=3.0)
    C["fused_%s" % mode] = {"out": run(init, "rnn_weight", (total,)),
                           "dumps": text(init.dumps())}
init = mx.init.FusedRNN(None, 2, 1, "lstm", False)
arr = mx.nd.zeros((2 * 4 * (3 + 2 + 2),))
init(mx.init.InitDesc("rnn_weight", global_init=mx.init.Constant(0.25)), arr)
C["fused_global"] = {"out": arr}

# Load and Mixed
params = {"arg:fc_weight": mx.nd.array(np.arange(6.0).reshape(2, 3)),
          "aux:bn_moving_mean": mx.nd.array([1.0, 2.0])}
load = mx.init.Load(params, default_init=mx.init.Constant(9.0))
a = mx.nd.zeros((2, 3))
load("fc_weight", a)
b = mx.nd.zeros((2,))
load("bn_moving_mean", b)
c = mx.nd.zeros((4,))
load("other_weight", c)
C["load"] = {"fc_weight": a, "moving": b, "default": c}
mixed = mx.init.Mixed(["bias$", ".*"], [mx.init.Constant(2.0), mx.init.Constant(5.0)])
a = mx.nd.zeros((3,))
mixed("fc_bias", a)
b = mx.nd.zeros((3,))
mixed("fc_weight", b)
C["mixed"] = {"bias": a, "weight": b}

# dumps
for name, init in (("uniform", mx.init.Uniform()), ("normal", mx.init.Normal(0.5)),
                   ("xavier", mx.init.Xavier("gaussian", "in", 2)),
                   ("msra", mx.init.MSRAPrelu("out", 0.1)),
                   ("orthogonal", mx.init.Orthogonal()), ("zero", mx.init.Zero()),
                   ("constant_list", mx.init.Constant(np.array([1.0, 2.0]))),
                   ("lstmbias", mx.init.LSTMBias(0.5)), ("bilinear", mx.init.Bilinear())):
    C["dumps_" + name] = {"text": text(init.dumps())}

# Gluon: default init of layers by name suffix
net = mx.gluon.nn.HybridSequential(prefix="net_")
with net.name_scope():
    net.add(mx.gluon.nn.Dense(3, in_units=2), mx.gluon.nn.BatchNorm(in_channels=3))
net.initialize(mx.init.Constant(0.75))
C["gluon_constant"] = {k: v.data() for k, v in net.collect_params().items()}

save("gluon_train_init", C)
