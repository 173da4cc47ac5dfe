"""mx.operator (CustomOp / CustomOpProp / register, nd.Custom, sym.Custom) against
MXNet 1.9.1 (tests/golden/custom_op.npz, operators in tests/custom_op_defs.py)."""
import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
from custom_op_defs import define
from golden_utils import load, assert_matches

Net = define(mx)
G = load("custom_op")


@pytest.mark.parametrize("req", ["write", "add"])
def test_values_and_gradient(req):
    c = G["sqr_" + req]
    a = mx.nd.array(c["x"])
    a.attach_grad(grad_req=req)
    if req == "add":
        a.grad[:] = 0.5
    for _ in range(2 if req == "add" else 1):
        with mx.autograd.record():
            y = mx.nd.Custom(a, op_type="t_sqr")
        y.backward(mx.nd.array(c["head"]))
    assert_matches(y, c["out"])
    assert_matches(a.grad, c["grad"])


def test_two_arguments_two_outputs_and_kwargs():
    c = G["addsub"]
    a, b = mx.nd.array(c["a"]), mx.nd.array(c["b"])
    a.attach_grad()
    b.attach_grad()
    with mx.autograd.record():
        s, d = mx.nd.Custom(a, b, op_type="t_addsub", scale=2.5)
    mx.autograd.backward([s, d], [mx.nd.array(c["head_sum"]), mx.nd.array(c["head_diff"])])
    assert_matches(s, c["sum"])
    assert_matches(d, c["diff"], rtol=1e-5, atol=1e-6)
    assert_matches(a.grad, c["grad_a"], rtol=1e-5, atol=1e-6)
    assert_matches(b.grad, c["grad_b"], rtol=1e-5, atol=1e-6)


def test_need_top_grad_false_loss():
    c = G["softmax"]
    logits = mx.nd.array(c["logits"])
    logits.attach_grad()
    with mx.autograd.record():
        p = mx.nd.Custom(logits, mx.nd.array(c["label"]), op_type="t_softmax")
    p.backward(mx.nd.array(np.random.uniform(-1, 1, (5, 3))))
    assert_matches(p, c["prob"])
    assert_matches(logits.grad, c["grad"])


def test_infer_type_shape_and_is_train():
    c = G["mean64"]
    x = mx.nd.array(c["x"])
    x.attach_grad()
    with mx.autograd.record():
        m = mx.nd.Custom(x, op_type="t_mean64")
    m.backward(mx.nd.ones((3,), dtype="float64"))
    assert_matches(m, c["train_out"])
    assert_matches(x.grad, c["grad"])
    assert_matches(mx.nd.Custom(mx.nd.array(c["x"]), op_type="t_mean64"), c["predict_out"])


def test_symbol_bind_forward_backward():
    c = G["symbol"]
    sym = mx.sym.Custom(mx.sym.var("a"), mx.sym.var("b"), op_type="t_addsub", scale=3,
                        name="as")
    assert len(sym.list_outputs()) == 2  # MXNet names them as_sum/as_diff (see report)
    sym = mx.sym.Custom(sym[0], op_type="t_sqr") + sym[1]
    assert ",".join(sym.list_arguments()) == str(c["arguments"])
    ex = sym.simple_bind(mx.cpu(), a=(3, 4), b=(3, 4))
    ex.forward(is_train=True, a=mx.nd.array(c["a"]), b=mx.nd.array(c["b"]))
    ex.backward(mx.nd.array(c["head"]))
    assert_matches(ex.outputs[0], c["out"], rtol=1e-5, atol=1e-5)
    assert_matches(ex.grad_dict["a"], c["grad_a"], rtol=1e-5, atol=1e-5)
    assert_matches(ex.grad_dict["b"], c["grad_b"], rtol=1e-5, atol=1e-5)
    attrs = [n for n in __import__("json").loads(sym.tojson())["nodes"]
             if n["op"] == "Custom"]
    assert attrs[0]["attrs"]["op_type"] == "t_addsub" and attrs[0]["attrs"]["scale"] == "3"


@pytest.mark.parametrize("hybridize", [False, True])
def test_gluon_block(hybridize):
    c = G["gluon"]
    net = Net(prefix="net_")
    net.initialize()
    net.dense.weight.set_data(mx.nd.array(c["weight"]))
    net.dense.bias.set_data(mx.nd.array(c["bias"]))
    if hybridize:
        net.hybridize()
    x = mx.nd.array(c["x"])
    x.attach_grad()
    with mx.autograd.record():
        out = net(x)
    out.backward()
    assert_matches(out, c["out"], rtol=1e-5, atol=1e-5)
    assert_matches(x.grad, c["grad_x"], rtol=1e-5, atol=1e-5)
    assert_matches(net.dense.weight.grad(), c["grad_w"], rtol=1e-5, atol=1e-5)


def test_assign_req():
    op = mx.operator.CustomOp()
    dst = mx.nd.ones((2,))
    op.assign(dst, "write", mx.nd.array([3, 4]))
    np.testing.assert_array_equal(dst.asnumpy(), [3, 4])
    op.assign(dst, "add", mx.nd.array([1, 1]))
    np.testing.assert_array_equal(dst.asnumpy(), [4, 5])
    op.assign(dst, "null", mx.nd.array([9, 9]))
    np.testing.assert_array_equal(dst.asnumpy(), [4, 5])
    op.assign(dst, "inplace", mx.nd.array([0, 1]))
    np.testing.assert_array_equal(dst.asnumpy(), [0, 1])


def test_prop_defaults():
    prop = mx.operator.CustomOpProp(need_top_grad=False)
    assert prop.list_arguments() == ["data"] and prop.list_outputs() == ["output"]
    assert prop.list_auxiliary_states() == []
    assert prop.declare_backward_dependency([0], [1], [2]) == [1, 2]
    assert mx.operator.CustomOpProp().declare_backward_dependency([0], [1], [2]) == [0, 1, 2]
    assert list(prop.infer_shape([[2, 3]])[1]) == [[2, 3]]
    assert prop.infer_type([np.float16])[1] == [np.float16]
    assert "Custom" in mx.operator.get_all_registered_operators()


def test_errors():
    x = mx.nd.ones((3,))
    with pytest.raises(MXNetError, match="Shape inconsistent.*Provided = \\[3\\]"):
        mx.nd.Custom(x, op_type="t_bad_shape")
    with pytest.raises(MXNetError, match="expecting 1 entries in returned output shapes, got 2"):
        mx.nd.Custom(x, op_type="t_bad_outputs")
    with pytest.raises(MXNetError, match="cannot find custom operator 'nosuch'"):
        mx.nd.Custom(x, op_type="nosuch")
    with pytest.raises(MXNetError, match="expects 1 inputs, but got 2"):
        mx.nd.Custom(x, x, op_type="t_sqr")
    with pytest.raises(MXNetError, match="op_type"):
        mx.nd.Custom(x)


def test_error_in_forward_names_the_operator():
    class Boom(mx.operator.CustomOp):
        def forward(self, is_train, req, in_data, out_data, aux):
            raise ValueError("boom")

    @mx.operator.register("t_boom")
    class BoomProp(mx.operator.CustomOpProp):
        def create_operator(self, ctx, shapes, dtypes):
            return Boom()

    with pytest.raises(MXNetError, match="forward.*t_boom.*boom"):
        mx.nd.Custom(mx.nd.ones((2,)), op_type="t_boom").asnumpy()
