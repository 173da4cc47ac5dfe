"""Elementwise math (unary, broadcast_*, elemwise_*, *_scalar, nd.add ..., add_n, contrib)
against golden values and gradients from MXNet 1.9.1 (tools/golden/elemwise.py).
"""
import json

import numpy as np
import pytest

from mxjax import nd, autograd
from mxjax.base import MXNetError
import golden_utils
from golden_utils import load, assert_matches

G = load("elemwise")

UNARY = ("abs sign negative exp expm1 log log10 log2 log1p sqrt rsqrt cbrt rcbrt square "
         "reciprocal sin cos tan arcsin arccos arctan sinh cosh tanh arcsinh arccosh arctanh "
         "degrees radians relu sigmoid softsign hard_sigmoid erf erfinv gamma gammaln floor "
         "ceil trunc fix rint round logical_not identity").split()
OTHER = ["clip", "smooth_l1", "_copy", "add_n", "ElementWiseSum", "_grad_add"]
BROADCAST = ("broadcast_add broadcast_sub broadcast_mul broadcast_div broadcast_mod "
             "broadcast_power broadcast_maximum broadcast_minimum broadcast_hypot "
             "broadcast_equal broadcast_not_equal broadcast_greater broadcast_greater_equal "
             "broadcast_lesser broadcast_lesser_equal broadcast_logical_and "
             "broadcast_logical_or broadcast_logical_xor broadcast_plus broadcast_minus").split()
ELEMWISE = ["elemwise_add", "elemwise_sub", "elemwise_mul", "elemwise_div"]
INTERNAL_BINARY = ("_plus _add _Plus _minus _sub _Minus _mul _Mul _div _Div _mod _Mod _power "
                   "_Power _maximum _Maximum _minimum _Minimum _hypot _Hypot _equal _Equal "
                   "_not_equal _Not_Equal _greater _Greater _greater_equal _Greater_Equal "
                   "_lesser _Lesser _lesser_equal _Lesser_Equal _logical_and _Logical_And "
                   "_logical_or _Logical_Or _logical_xor _Logical_Xor").split()
SCALAR = ("_plus_scalar _minus_scalar _rminus_scalar _mul_scalar _div_scalar _rdiv_scalar "
          "_mod_scalar _rmod_scalar _power_scalar _rpower_scalar _maximum_scalar "
          "_minimum_scalar _hypot_scalar _equal_scalar _not_equal_scalar _greater_scalar "
          "_greater_equal_scalar _lesser_scalar _lesser_equal_scalar _logical_and_scalar "
          "_logical_or_scalar _logical_xor_scalar _PlusScalar _MinusScalar _MulScalar "
          "_DivScalar _RMinusScalar _RDivScalar _PowerScalar _RPowerScalar _MaximumScalar "
          "_MinimumScalar _ModScalar _RModScalar _HypotScalar _EqualScalar _NotEqualScalar "
          "_GreaterScalar _GreaterEqualScalar _LesserScalar _LesserEqualScalar "
          "_LogicalAndScalar _LogicalOrScalar _LogicalXorScalar").split()
FUNCTIONS = ("add subtract multiply divide true_divide modulo power maximum minimum equal "
             "not_equal greater greater_equal lesser lesser_equal logical_and logical_or "
             "logical_xor").split()
CONTRIB = ["quadratic", "div_sqrt_dim", "gradientmultiplier", "round_ste", "sign_ste",
           "isfinite", "isinf", "isnan"]


def replay(case):
    """Run a golden case with mxjax and compare outputs and gradients with MXNet's."""
    golden_utils.run_op_by_op(_replay, case)


def _replay(case):
    m = json.loads(str(case["meta"]))
    args = []
    for spec in m["args"]:
        if "a" in spec:
            v = case["in%d" % spec["a"]]
            args.append(nd.array(v, dtype=v.dtype))
        else:
            args.append(spec["s"])
    for i in m["diff"]:
        args[i].attach_grad()
    fn = golden_utils.nd_function(m["fn"])
    if m["error"]:
        with pytest.raises(MXNetError if m["error_type"] == "MXNetError" else TypeError):
            with autograd.record():
                out = fn(*args, **m["kwargs"])
            outs = out if isinstance(out, (list, tuple)) else [out]
            if m["diff"]:
                autograd.backward(outs, [o.ones_like() for o in outs])
            for o in outs:
                o.asnumpy()
        return
    if not m["diff"]:  # nothing to differentiate: run it plainly
        out = fn(*args, **m["kwargs"])
    else:
        with autograd.record():
            out = fn(*args, **m["kwargs"])
    if m.get("python"):
        assert not isinstance(out, nd.NDArray)
        assert out == case["out0"][()]
        assert type(out) is type(case["out0"][()].item())
        return
    outs = out if isinstance(out, (list, tuple)) else [out]
    assert isinstance(out, (list, tuple)) == m["multi"]
    assert len(outs) == m["nout"]
    if m["diff"]:  # backward first: forward and backward then run as one program
        heads = [nd.array(case["head%d" % k], dtype=case["head%d" % k].dtype)
                 for k in range(len(outs))]
        autograd.backward(outs, heads)
    for k, o in enumerate(outs):
        assert_matches(o, case["out%d" % k], m["rtol"], m["atol"])
    for i in m["diff"]:
        assert_matches(args[i].grad, case["grad%d" % i], m["rtol"], m["atol"])


def _cases(prefix):
    return sorted(k for k in G if k.startswith(prefix))


@pytest.mark.parametrize("case", _cases("unary_") + _cases("edge_") + _cases("clip_")
                         + _cases("smooth_l1_") + _cases("hard_sigmoid_"))
def test_unary(case):
    replay(G[case])


@pytest.mark.parametrize("case", _cases("bcast_") + _cases("err_bcast"))
def test_broadcast(case):
    replay(G[case])


@pytest.mark.parametrize("case", _cases("elemwise_") + _cases("internal_")
                         + _cases("err_elemwise"))
def test_elemwise(case):
    replay(G[case])


@pytest.mark.parametrize("case", _cases("scalar_"))
def test_scalar(case):
    replay(G[case])


@pytest.mark.parametrize("case", _cases("fn_"))
def test_functions(case):
    replay(G[case])


@pytest.mark.parametrize("case", _cases("add_n") + _cases("ElementWiseSum")
                         + _cases("err_add_n") + _cases("err_ElementWiseSum"))
def test_add_n(case):
    replay(G[case])


@pytest.mark.parametrize("case", [k for k in sorted(G) if k.split("_")[0] in
                                  ("quadratic", "div", "gradientmultiplier", "round", "sign",
                                   "isfinite", "isinf", "isnan")])
def test_contrib(case):
    replay(G[case])


def test_every_name_has_golden_cases():
    """Each operator named above is exercised by at least one MXNet case."""
    used = {json.loads(str(c["meta"]))["fn"].split(".")[-1] for c in G.values()}
    for name in (UNARY + OTHER + BROADCAST + ELEMWISE + INTERNAL_BINARY + SCALAR + FUNCTIONS
                 + CONTRIB):
        assert name in used or name in ("_copy",), name
    for name in UNARY + BROADCAST + ELEMWISE + FUNCTIONS + ["clip", "smooth_l1", "add_n"]:
        assert callable(getattr(nd, name)), name
    for name in CONTRIB:
        assert callable(getattr(nd.contrib, name)), name


def test_functions_are_mxnet_python_functions():
    """nd.add & co. accept numbers on either side, as MXNet's Python functions do."""
    x = nd.array([[1, 2, 3]])
    assert nd.add(2, 3) == 5
    assert nd.power(2, 3) == 8
    assert_matches(nd.subtract(10, x), np.array([[9, 8, 7]], np.float32))
    assert_matches(nd.true_divide(x, 2), np.array([[0.5, 1, 1.5]], np.float32))
    with pytest.raises(TypeError):
        nd.add(x, np.ones((1, 3)))
    assert nd.power.__code__.co_varnames[:2] == ("base", "exp")


def test_error_names_operator_and_shapes():
    with pytest.raises(MXNetError, match=r"broadcast_add.*\(2,3\).*\(3,2\)"):
        nd.broadcast_add(nd.ones((2, 3)), nd.ones((3, 2)))
    with pytest.raises(MXNetError, match=r"elemwise_mul.*\(2,3\).*\(1,3\)"):
        nd.elemwise_mul(nd.ones((2, 3)), nd.ones((1, 3)))
    with pytest.raises(MXNetError, match=r"broadcast_mul.*float32.*float64"):
        nd.broadcast_mul(nd.ones((2, 3)), nd.ones((2, 3), dtype="float64"))
    with pytest.raises(MXNetError, match=r"hard_sigmoid.*int32"):
        nd.hard_sigmoid(nd.ones((2,), dtype="int32"))
    with pytest.raises(MXNetError, match=r"clip.*a_max"):
        nd.clip(nd.ones((2,)), a_min=0)


def test_dunders_use_mxnet_integer_rules():
    xi = nd.array([-7, -3, 0, 3, 7], dtype="int32")
    assert (xi / 2).asnumpy().tolist() == [-3, -1, 0, 1, 3]
    assert (xi * 2.5).asnumpy().tolist() == [-14, -6, 0, 6, 14]
    assert (xi % 3).asnumpy().tolist() == [2, 0, 0, 0, 1]
    assert (7 / nd.array([2, -2], dtype="int32")).asnumpy().tolist() == [3, -3]
    assert nd.sqrt(nd.array([4, 5, 2], dtype="int32")).asnumpy().tolist() == [2, 2, 1]


def test_second_order_gradient_through_power():
    """MXNet 1.9.1 has no second derivative of _power_scalar; mxjax's is JAX's."""
    x = nd.array([1.5, 2.0])
    x.attach_grad()
    with autograd.record():
        y = x ** 3
        g = autograd.grad([y], [x], create_graph=True)[0]
        z = g.sum()
    z.backward()
    assert_matches(x.grad, np.array([9.0, 12.0], np.float32))  # d/dx 3x^2 = 6x
