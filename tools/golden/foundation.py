"""Golden values for the foundation (issue 2), produced by real MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/foundation.py
"""
import os
import sys

import numpy as np
import mxnet as mx
from mxnet import nd, autograd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save, Cases  # noqa: E402

cases = Cases()

# f(x) = 2x^2
x = nd.array([[1, 2], [3, 4]])
x.attach_grad()
with autograd.record():
    y = 2 * x * x
y.backward()
cases["seed"] = {"x": x, "grad": x.grad, "y": y}

# head gradient
with autograd.record():
    y = x * 2
    z = y * x
head = nd.array([[10, 1], [.1, .01]])
z.backward(head)
cases["head_grad"] = {"head": head, "grad": x.grad}


# control flow
def f(a):
    b = a * 2
    while b.norm().asscalar() < 1000:
        b = b * 2
    if b.sum().asscalar() > 0:
        c = b
    else:
        c = 100 * b
    return c


a_val = np.array([0.3, -1.2], dtype=np.float32)
a = nd.array(a_val)
a.attach_grad()
with autograd.record():
    c = f(a)
head = nd.array([0.01, 1.0])
c.backward(head)
cases["control_flow"] = {"a": a, "c": c, "head": head, "grad": a.grad}

a = nd.array(a_val)
a.attach_grad()
with autograd.record():
    c = f(a)
    d = c.slice(begin=(1,), end=(2,))
d.backward()
cases["control_flow_slice"] = {"a": a, "d": d, "grad": a.grad}

# higher order
x = nd.array([1.0])
x.attach_grad()
with autograd.record():
    z = nd.elemwise_add(nd.exp(x), x)
dx = autograd.grad(z, [x], create_graph=True)[0]
dx.backward()
cases["exp_second"] = {"dx": dx, "grad": x.grad}

pts = np.array([0.3, 0.7, 1.5], dtype=np.float32)
for name in ["sin", "cos", "tanh", "log", "sigmoid", "exp", "square"]:
    fn = getattr(nd, name)
    x = nd.array(pts)
    x.attach_grad()
    with autograd.record():
        y = fn(x)
        d1 = autograd.grad(y, [x], create_graph=True, retain_graph=True)[0]
        d2 = autograd.grad(d1, [x], create_graph=True, retain_graph=True)[0]
    entry = {"x": x, "y": y, "d1": d1, "d2": d2}
    try:
        d2.backward()
        entry["d3"] = x.grad.copy()
    except mx.base.MXNetError as err:
        print("no third derivative for", name, str(err).splitlines()[-1][:80])
    cases["higher_" + name] = entry

# grad inside record used in a further loss
x = nd.array([0.5, -1.0, 2.0])
x.attach_grad()
with autograd.record():
    y = nd.sin(x)
    g = autograd.grad(y, [x], create_graph=True)[0]
    loss = (g * g).sum() + y.sum()
loss.backward()
cases["grad_in_record"] = {"x": x, "g": g, "loss": loss, "grad": x.grad}

# grad_req add / null
x = nd.array([1.0, 2.0, 3.0])
x.attach_grad(grad_req="add")
for _ in range(3):
    with autograd.record():
        y = x * x
    y.backward()
cases["grad_req_add"] = {"grad": x.grad}
x = nd.array([1.0, 2.0, 3.0])
w = nd.array([4.0, 5.0, 6.0])
x.attach_grad(grad_req="null")
w.attach_grad()
with autograd.record():
    y = x * w
y.backward()
cases["grad_req_null"] = {"x_grad_is_none": np.array(x.grad is None), "w_grad": w.grad}

# mark_variables with caller buffers
x = nd.array([1.0, 2.0])
gbuf = nd.zeros(2)
autograd.mark_variables([x], [gbuf])
with autograd.record():
    y = nd.exp(x)
y.backward()
cases["mark_variables"] = {"gbuf": gbuf}

# non-scalar head and several heads
x = nd.array([[1.0, 2.0], [3.0, 4.0]])
x.attach_grad()
with autograd.record():
    y1 = x * x
    y2 = nd.sin(x)
autograd.backward([y1, y2], [nd.array([[1, 2], [3, 4]]), nd.array([[.5, .5], [.5, .5]])])
cases["multi_heads"] = {"grad": x.grad}
with autograd.record():
    y = nd.tanh(x) * 3
y.backward()
cases["nonscalar_head"] = {"grad": x.grad}

# the same output twice as a head: the last head gradient is kept
x = nd.array([1.0, 2.0])
x.attach_grad()
with autograd.record():
    y = x * 3
autograd.backward([y, y], [nd.array([1.0, 1.0]), nd.array([10.0, 100.0])])
g_given = x.grad.copy()
with autograd.record():
    y = x * 3
autograd.backward([y, y])
cases["repeated_head"] = {"given": g_given, "ones": x.grad}

# Dropout identity outside training
x = nd.ones((3, 4))
cases["dropout_predict"] = {"out": nd.Dropout(x, p=0.5)}
with autograd.record(train_mode=False):
    y = nd.Dropout(x, p=0.5)
cases["dropout_record_predict"] = {"out": y}

# printed forms and dtypes
reprs = {
    "float2x2": repr(nd.array([[1, 2], [3, 4]])),
    "int32": repr(nd.array([1, 2, 3], dtype="int32")),
    "scalar0d": repr(nd.array(3.5)),
    "float64": repr(nd.array([1.5, 2.25], dtype="float64")),
    "big": repr(nd.array([[1e-5, 1e10], [3, 4]])),
    "uint8": repr(nd.array([1, 255], dtype="uint8")),
    "float16": repr(nd.array([0.1, 2], dtype="float16")),
    "three_d": repr(nd.arange(8).reshape((2, 2, 2))),
    "reduce": repr(nd.sum(nd.ones((2, 3)))),
}
cases["repr"] = {k: np.array(v) for k, v in reprs.items()}

dtypes = {
    "list": nd.array([1, 2]).dtype, "np_int64": nd.array(np.array([1, 2])).dtype,
    "np_float64": nd.array(np.array([1.0])).dtype, "zeros": nd.zeros(2).dtype,
    "arange": nd.arange(3).dtype, "full": nd.full((2,), 3).dtype,
    "uniform": nd.random.uniform(shape=2).dtype, "int_mean": nd.mean(nd.array([1, 2],
                                                                      dtype="int32")).dtype,
    "cmp": (nd.array([1, 2], dtype="int32") > 1).dtype,
    "astype": nd.array([1.5]).astype("int64").dtype,
}
cases["dtypes"] = {k: np.array(np.dtype(v).name) for k, v in dtypes.items()}

# arithmetic with scalars and reflected forms
x = nd.array([1.0, 2.0, 4.0])
xi = nd.array([1, 2, 5], dtype="int32")
cases["arith"] = {
    "radd": 1 + x, "rsub": 3 - x, "rmul": 2 * x, "rdiv": 2 / x, "rpow": 2 ** x, "pow": x ** 2,
    "mod": x % 3, "rmod": 5 % x, "neg": -x, "eq": x == 2, "ne": x != 2, "gt": x > 1.5,
    "ge": x >= 2, "lt": x < 2, "le": x <= 2, "int_mul": xi * 2.5, "int_div": xi / 2,
    "int_rdiv": 10 / xi, "int_gt": xi > 1, "int_mod": xi % 2,
}

# reshape special codes
src = nd.zeros((2, 3, 4))
shapes = {
    "c0": ((0, -1), False), "c-1": ((-1,), False), "c-2": ((-2,), False),
    "c-3": ((-3, 0), False), "c-4": ((-4, 1, 2, 0, 0), False), "c-4b": ((0, -4, -1, 3, 4), False),
    "rev": ((0, -1), True), "mix": ((2, -1, 2), False), "c-2b": ((2, -2), False),
    "c-3b": ((0, -3), False),
}
cases["reshape"] = {k: np.array(src.reshape(s, reverse=r).shape) for k, (s, r) in shapes.items()}

save("foundation", cases)
