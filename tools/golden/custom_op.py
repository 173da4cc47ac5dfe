"""mx.operator custom operators (tests/custom_op_defs.py) under real MXNet 1.9.1:
values, gradients (grad_req write and add), a Symbol, a hybridized Gluon block.

    ~/.mxref/bin/python tools/golden/custom_op.py
"""
import os
import sys

import mxnet as mx
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests"))
from common import save  # noqa: E402
from custom_op_defs import define  # noqa: E402

Net = define(mx)
rng = np.random.RandomState(7)
C = {}

x = rng.uniform(-2, 2, (3, 4)).astype(np.float32)
head = rng.uniform(-1, 1, (3, 4)).astype(np.float32)
for req in ("write", "add"):
    a = mx.nd.array(x)
    a.attach_grad(grad_req=req)
    if req == "add":
        a.grad[:] = 0.5
    with mx.autograd.record():
        y = mx.nd.Custom(a, op_type="t_sqr")
    y.backward(mx.nd.array(head))
    if req == "add":  # a second backward adds again
        with mx.autograd.record():
            y = mx.nd.Custom(a, op_type="t_sqr")
        y.backward(mx.nd.array(head))
    C["sqr_" + req] = {"x": x, "head": head, "out": y, "grad": a.grad}

b = rng.uniform(-2, 2, (3, 4)).astype(np.float32)
h2 = rng.uniform(-1, 1, (3, 4)).astype(np.float32)
A, B = mx.nd.array(x), mx.nd.array(b)
A.attach_grad()
B.attach_grad()
with mx.autograd.record():
    s, d = mx.nd.Custom(A, B, op_type="t_addsub", scale=2.5)
mx.autograd.backward([s, d], [mx.nd.array(head), mx.nd.array(h2)])
C["addsub"] = {"a": x, "b": b, "head_sum": head, "head_diff": h2, "sum": s, "diff": d,
               "grad_a": A.grad, "grad_b": B.grad}

logits = rng.uniform(-2, 2, (5, 3)).astype(np.float32)
label = np.array([0, 2, 1, 1, 0], np.float32)
L, Y = mx.nd.array(logits), mx.nd.array(label)
L.attach_grad()
with mx.autograd.record():
    p = mx.nd.Custom(L, Y, op_type="t_softmax")
p.backward(mx.nd.array(rng.uniform(-1, 1, (5, 3)).astype(np.float32)))  # ignored by the op
C["softmax"] = {"logits": logits, "label": label, "prob": p, "grad": L.grad}

M = mx.nd.array(x)
M.attach_grad()
with mx.autograd.record():
    m = mx.nd.Custom(M, op_type="t_mean64")
m.backward(mx.nd.ones((3,), dtype="float64"))
C["mean64"] = {"x": x, "train_out": m, "grad": M.grad,
               "predict_out": mx.nd.Custom(mx.nd.array(x), op_type="t_mean64")}

# a Symbol: bind, forward, backward
sa, sb = mx.sym.var("a"), mx.sym.var("b")
sym = mx.sym.Custom(sa, sb, op_type="t_addsub", scale=3, name="as")
sym = mx.sym.Custom(sym[0], op_type="t_sqr") + sym[1]
ex = sym.simple_bind(mx.cpu(), a=(3, 4), b=(3, 4))
ex.forward(is_train=True, a=mx.nd.array(x), b=mx.nd.array(b))
ex.backward(mx.nd.array(head))
C["symbol"] = {"a": x, "b": b, "head": head, "out": ex.outputs[0],
               "grad_a": ex.grad_dict["a"], "grad_b": ex.grad_dict["b"],
               "arguments": np.array(",".join(sym.list_arguments()))}

# a hybridized Gluon block calling F.Custom
net = Net(prefix="net_")
net.initialize(mx.init.Uniform(0.5))
net.hybridize()
xin = rng.uniform(-1, 1, (2, 3)).astype(np.float32)
X = mx.nd.array(xin)
X.attach_grad()
with mx.autograd.record():
    out = net(X)
out.backward()
C["gluon"] = {"x": xin, "weight": net.dense.weight.data(), "bias": net.dense.bias.data(),
              "out": out, "grad_x": X.grad, "grad_w": net.dense.weight.grad()}

save("custom_op", C)
