"""nd.contrib.foreach / while_loop / cond against MXNet 1.9.1
(tests/golden/control_flow.npz): outputs and gradients through the loops."""
import numpy as np
import pytest

import mxjax as mx
from mxjax import nd, autograd
from golden_utils import load, assert_matches

G = load("control_flow")


def check(name, fn, rtol=1e-5, atol=1e-6):
    c = G[name]
    n_in = len([k for k in c if k.startswith("in")])
    arrs = [nd.array(c["in%d" % i]) for i in range(n_in)]
    for a in arrs:
        a.attach_grad()
    with autograd.record():
        outs = fn(*arrs)
    n_out = len([k for k in c if k.startswith("out")])
    assert len(outs) == n_out
    autograd.backward(outs, [nd.array(c["head%d" % i]) for i in range(n_out)])
    for i, o in enumerate(outs):
        assert_matches(o, c["out%d" % i], rtol=rtol, atol=atol)
    for i, a in enumerate(arrs):
        assert_matches(a.grad, c["grad%d" % i], rtol=rtol, atol=atol)


def test_foreach_rnn():
    def fn(data, state, w):
        def body(x, states):
            h = nd.tanh(nd.dot(x, w) + states[0])
            return h, [h * 0.5]
        outs, states = nd.contrib.foreach(body, data, [state])
        return [outs, states[0]]
    check("foreach_rnn", fn)


def test_foreach_nested_lists():
    def fn(a, b, s0, s1):
        def body(xs, states):
            x, y = xs
            (p,), q = states
            o1 = x * p + y
            o2 = nd.sigmoid(q) * y
            return [o1, [o2]], [[p + x], q * y]
        outs, states = mx.nd.contrib.foreach(body, [a, b], [[s0], s1])
        return [outs[0], outs[1][0], states[0][0], states[1]]
    check("foreach_nested", fn)


def test_while_loop_stops_by_condition():
    def fn(x, s):
        def cond(i, v, acc):
            return i < 3

        def func(i, v, acc):
            return [v * 2, acc + v], [i + 1, nd.sin(v) * 1.5, acc + v * v]
        outs, (i, v, acc) = nd.contrib.while_loop(cond, func, [nd.zeros((1,)), x, s],
                                                  max_iterations=5)
        assert outs[0].shape == (5, 2, 3) and outs[1].shape == (5, 2, 3)
        assert i.asscalar() == 3
        return [outs[0][:3], outs[1][:3], v, acc]
    check("while_cond_stop", fn)


def test_while_loop_max_iterations_single_var():
    def fn(x):
        outs, v = nd.contrib.while_loop(lambda v: v.sum() < 100,
                                        lambda v: (v * v, v * 1.7 + 0.1), x, max_iterations=4)
        assert isinstance(v, nd.NDArray)
        return [outs, v]
    check("while_max_iter", fn)


def test_cond_branches():
    def then_fn(a, b):
        out = nd.contrib.cond((a * b).sum() < 50, lambda: (a + 5) * (b + 5),
                              lambda: (a - 5) * (b - 5))
        return [out]

    def else_fn(a, b):
        return nd.contrib.cond((a * b).sum() > 50, lambda: (a + 5) * (b + 5),
                               lambda: [nd.exp(a) - b, a * b])
    check("cond_then", then_fn)
    check("cond_else", else_fn)


def test_while_loop_no_step_and_errors():
    outs, v = nd.contrib.while_loop(lambda v: v.sum() > 100, lambda v: (v, v + 1),
                                    nd.ones((2,)), max_iterations=3)
    assert outs == []
    assert_matches(v, np.ones(2, "float32"))
    with pytest.raises(ValueError, match="max_iterations"):
        nd.contrib.while_loop(lambda v: v.sum() < 3, lambda v: (v, v + 1), nd.ones((2,)))
    with pytest.raises(ValueError, match="loop_vars"):
        nd.contrib.while_loop(lambda v: v.sum() < 3, lambda v: (v, [v, v]), [nd.ones((2,))],
                              max_iterations=2)
    with pytest.raises(ValueError, match="loop_vars"):
        nd.contrib.while_loop(lambda: True, lambda: (None, []), [], max_iterations=2)
    with pytest.raises(AssertionError):
        nd.contrib.foreach(lambda x, s: (x, s), np.ones((2, 3)), [nd.ones((3,))])


# -- inside a hybridized block (traced values): lax control flow or MXNetError ----------


class _WhileNet(mx.gluon.HybridBlock):
    def hybrid_forward(self, F, x):
        outs, final = F.contrib.while_loop(
            lambda i, s: i < 3, lambda i, s: ([s * 1.0, i], (i + 1, s * 2)),
            [F.zeros((1,)), x], max_iterations=5)
        return outs[0], outs[1], final[0], final[1]


class _NestedWhileNet(mx.gluon.HybridBlock):
    # loop variables as a nested list (MXNet's test_output_format_while): the scan runs on
    # them flattened and gives them back in the same nesting
    def hybrid_forward(self, F, x):
        outs, (a, (b,)) = F.contrib.while_loop(
            lambda a, bs: a.sum() < 20, lambda a, bs: ([a + bs[0]], [a * 2, [bs[0] + a]]),
            [x, [x + 1]], max_iterations=4)
        return outs[0], a, b


class _CondNet(mx.gluon.HybridBlock):
    def hybrid_forward(self, F, x):
        return F.contrib.cond(x.sum() > 0, lambda: x * 2, lambda: x * x - 1)


class _BadCondNet(mx.gluon.HybridBlock):
    def hybrid_forward(self, F, x):
        return F.contrib.cond(x.sum() > 0, lambda: x, lambda: F.concat(x, x, dim=0))


def _run_with_grad(net, x):
    x = x.copy()
    x.attach_grad()
    with mx.autograd.record():
        outs = net(x)
        outs = outs if isinstance(outs, (list, tuple)) else [outs]
        total = sum(o.sum() for o in outs)
    total.backward()
    return [o.asnumpy() for o in outs], x.grad.asnumpy()


@pytest.mark.parametrize("net_cls, x", [
    (_WhileNet, [1.0, 2.0]), (_NestedWhileNet, [1.0, 2.0]), (_CondNet, [1.0, 2.0]),
    (_CondNet, [-1.0, -2.0])])
def test_hybridized_control_flow_matches_imperative(net_cls, x):
    x = mx.nd.array(x)
    imperative = _run_with_grad(net_cls(), x)
    net = net_cls()
    net.hybridize()
    hybrid = _run_with_grad(net, x)
    for a, b in zip(imperative[0], hybrid[0]):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    np.testing.assert_allclose(imperative[1], hybrid[1], rtol=1e-6)


def test_hybridized_cond_with_different_branch_shapes_is_an_mxnet_error():
    net = _BadCondNet()
    net.hybridize()
    with pytest.raises(mx.base.MXNetError, match="cond"):
        net(mx.nd.ones((2,)))


class _NamedCondNet(mx.gluon.HybridBlock):
    def hybrid_forward(self, F, x):
        # name= is the symbolic form's argument (MXNet's hybridized F is mx.sym)
        return F.contrib.cond(x.sum() > 0, lambda: x * 2, lambda: x * 3, name="my_cond")


def test_hybridized_control_flow_counts_subgraph_names():
    from collections import defaultdict
    from mxjax.attribute import AttrScope
    old = AttrScope._subgraph_names
    AttrScope._subgraph_names = defaultdict(int)
    try:
        net = _NamedCondNet()
        net.hybridize()
        np.testing.assert_allclose(net(mx.nd.array([1.0, 2.0])).asnumpy(), [2.0, 4.0])
        # MXNet 1.9.1's sym.contrib.cond makes three subgraphs: <name>_pred/_then/_else
        assert dict(AttrScope._subgraph_names) == {"my_cond_pred": 1, "my_cond_then": 1,
                                                   "my_cond_else": 1}
        # imperatively nothing is counted, and name= is accepted there too
        out = nd.contrib.cond(mx.nd.array([0.0]), lambda: mx.nd.ones((1,)),
                              lambda: mx.nd.zeros((1,)), name="x")
        assert out.asnumpy()[0] == 0.0
        assert len(AttrScope._subgraph_names) == 3
    finally:
        AttrScope._subgraph_names = old
