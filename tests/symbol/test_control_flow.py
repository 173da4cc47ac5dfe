"""mx.sym.contrib.foreach / while_loop / cond against real MXNet 1.9.1
(tests/golden/sym_control_flow.npz from tools/golden/sym_control_flow.py, over the
graphs of tests/sym_control_flow_cases.py): inferred argument shapes, forward outputs and every
argument's gradient; JSON round trip; MXNet's errors."""
import json

import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
from golden_utils import load

from sym_control_flow_cases import CASES, run

GOLDEN = load("sym_control_flow")


@pytest.mark.parametrize("name", sorted(CASES))
def test_against_mxnet(name):
    want = GOLDEN[name]
    got = run(mx, name)
    _compare(got, want)


def _compare(got, want):
    for field, value in want.items():
        if field in ("inferred", "json"):
            continue   # mxjax also infers through while_loop and cond, where MXNet cannot
        assert field in got, field
        np.testing.assert_allclose(got[field], value, rtol=1e-5, atol=1e-5, err_msg=field)


@pytest.mark.parametrize("name", sorted(CASES))
def test_loads_mxnet_json(name):
    """The symbol JSON real MXNet wrote for the graph (its ``_foreach`` /
    ``_while_loop`` / ``_cond`` node and subgraphs) loads and computes the same."""
    want = GOLDEN[name]
    loaded = mx.sym.load_json(str(want["json"]))
    _compare(run(mx, name, sym=loaded), want)


@pytest.mark.parametrize("name", ["foreach_acc", "foreach_nested_lists", "while_acc",
                                  "cond_then"])
def test_json_round_trip(name):
    sym, shapes = CASES[name](mx)
    text = sym.tojson()
    again = mx.sym.load_json(text)
    assert again.tojson() == text
    assert again.list_arguments() == sym.list_arguments()
    nodes = json.loads(text)["nodes"]
    loop = [n for n in nodes if n["op"] in ("_foreach", "_while_loop", "_cond")]
    assert len(loop) == 1 and loop[0]["subgraphs"]
    args = {k: mx.nd.array(np.random.RandomState(3).rand(*s).astype(np.float32))
            for k, s in shapes.items()}
    first = [o.asnumpy() for o in sym.bind(mx.cpu(), args=args).forward()]
    second = [o.asnumpy() for o in again.bind(mx.cpu(), args=args).forward()]
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


def test_node_names_as_mxnet():
    x, s = mx.sym.var("x"), mx.sym.var("s")
    with mx.name.NameManager():
        outs, states = mx.sym.contrib.foreach(lambda d, st: (d + st[0], [st[0] * d]), x, [s])
        assert mx.sym.Group([outs] + states).list_outputs() == [
            "_foreach0_output0", "_foreach0_output1"]
        c = mx.sym.contrib.cond(x < 1, lambda: x * 2, lambda: x * 3)
        assert c.list_outputs() == ["_cond0_output"]


def test_unused_state_raises_as_mxnet():
    x, s, t = mx.sym.var("x"), mx.sym.var("s"), mx.sym.var("t")
    with pytest.raises(AssertionError, match="state arrays have to be used"):
        mx.sym.contrib.foreach(lambda d, st: (d, [st[0] + 1, st[0] + 2]), x, [s, t])
    with pytest.raises(AssertionError, match="different format"):
        mx.sym.contrib.foreach(lambda d, st: (d, st[0] + d), x, [s])
    with pytest.raises(ValueError, match="max_iterations"):
        mx.sym.contrib.while_loop(lambda i: i < 3, lambda i: (i, i + 1), [x])


def test_cond_branches_must_agree():
    x = mx.sym.var("x")
    out = mx.sym.contrib.cond(mx.sym.sum(x) < 0, lambda: x, lambda: mx.sym.sum(x))
    with pytest.raises(MXNetError, match="same shapes"):
        out.bind(mx.cpu(), args={"x": mx.nd.ones((3,))}).forward()
