"""Golden values for mx.nd.contrib.foreach / while_loop / cond, from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/control_flow.py
Writes tests/golden/control_flow.npz; tests/ndarray/test_control_flow.py runs the
same bodies with mxjax. Rows of while_loop outputs past the last step are left
out: MXNet leaves them uninitialised.
"""
import os
import sys

import numpy as np
from mxnet import nd, autograd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402
from opcase import randn  # noqa: E402

C = {}


def heads_for(arrays, seed):
    rng = np.random.RandomState(seed)
    return [rng.randn(*a.shape).astype("float32") for a in arrays]


def run(name, fn, inputs, seed):
    """``outs = fn(*arrays)`` under record; back-propagate random heads."""
    arrs = [nd.array(v) for v in inputs]
    for a in arrs:
        a.attach_grad()
    with autograd.record():
        outs = fn(*arrs)
    hs = heads_for(outs, seed)
    autograd.backward(outs, [nd.array(h) for h in hs])
    case = {}
    for i, v in enumerate(inputs):
        case["in%d" % i] = v
        case["grad%d" % i] = arrs[i].grad.asnumpy()
    for i, (o, h) in enumerate(zip(outs, hs)):
        case["out%d" % i] = o.asnumpy()
        case["head%d" % i] = h
    C[name] = case


# foreach: an RNN-like loop, one data array, one state
def foreach_rnn(data, state, w):
    def body(x, states):
        h = nd.tanh(nd.dot(x, w) + states[0])
        return h, [h * 0.5]
    outs, states = nd.contrib.foreach(body, data, [state])
    return [outs, states[0]]


run("foreach_rnn", foreach_rnn, [randn(4, 2, 3, seed=1), randn(2, 3, seed=2),
                                 randn(3, 3, seed=3) * 0.5], seed=10)


# foreach: list data, nested states, list outputs
def foreach_nested(a, b, s0, s1):
    def body(xs, states):
        x, y = xs
        (p,), q = states
        o1 = x * p + y
        o2 = nd.sigmoid(q) * y
        return [o1, [o2]], [[p + x], q * y]
    outs, states = nd.contrib.foreach(body, [a, b], [[s0], s1])
    return [outs[0], outs[1][0], states[0][0], states[1]]


run("foreach_nested", foreach_nested, [randn(3, 4, seed=4), randn(3, 4, seed=5),
                                       randn(4, seed=6), randn(4, seed=7)], seed=11)


# while_loop: stops by its condition before max_iterations
def while_cond_stop(x, s):
    def cond(i, v, acc):
        return i < 3

    def func(i, v, acc):
        return [v * 2, acc + v], [i + 1, nd.sin(v) * 1.5, acc + v * v]
    outs, (i, v, acc) = nd.contrib.while_loop(cond, func, [nd.zeros((1,)), x, s],
                                              max_iterations=5)
    return [outs[0][:3], outs[1][:3], v, acc]


run("while_cond_stop", while_cond_stop, [randn(2, 3, seed=8), randn(2, 3, seed=9)], seed=12)


# while_loop: runs to max_iterations, value-dependent condition, single loop var
def while_max_iter(x):
    outs, v = nd.contrib.while_loop(lambda v: v.sum() < 100, lambda v: (v * v, v * 1.7 + 0.1),
                                    x, max_iterations=4)
    return [outs, v]


run("while_max_iter", while_max_iter, [np.abs(randn(3, seed=10))], seed=13)


# cond: both branches, gradients through the taken one only
def cond_then(a, b):
    out = nd.contrib.cond((a * b).sum() < 50, lambda: (a + 5) * (b + 5),
                          lambda: (a - 5) * (b - 5))
    return [out]


def cond_else(a, b):
    out = nd.contrib.cond((a * b).sum() > 50, lambda: (a + 5) * (b + 5),
                          lambda: [nd.exp(a) - b, a * b])
    return out


run("cond_then", cond_then, [randn(3, seed=11), randn(3, seed=12)], seed=14)
run("cond_else", cond_else, [randn(3, seed=13), randn(3, seed=14)], seed=15)

save("control_flow", C)
