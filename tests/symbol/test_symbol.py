"""mx.sym against real MXNet 1.9.1 (fixtures from tools/golden/symbol.py)."""
import copy
import json
import os
import pickle

import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError, NotImplementedForSymbol
import golden_utils

GOLDEN = golden_utils.load("symbol")
FILES = os.path.join(golden_utils.GOLDEN_DIR, "symbol")
SHAPES = {"mlp2": {"data": (4, 6)}, "conv": {"data": (2, 3, 17, 17)},
          "arith": {"a": (3, 4), "b": (3, 4)}}


def _names(field):
    text = str(field)
    return text.split("\n") if text else []


def _load(name):
    return mx.sym.load(os.path.join(FILES, name + "-symbol.json"))


@pytest.mark.parametrize("name", ["mlp2", "conv", "arith"])
def test_listing_and_inference_match_mxnet(name):
    sym = _load(name)
    exp = GOLDEN["infer_" + name]
    assert sym.list_arguments() == _names(exp["arguments"])
    assert sym.list_outputs() == _names(exp["outputs"])
    assert sym.list_auxiliary_states() == _names(exp["aux"])
    assert sym.list_inputs() == _names(exp["inputs"])
    assert sym.get_internals().list_outputs() == _names(exp["internals"])
    arg, out, aux = sym.infer_shape(**SHAPES[name])
    assert [list(s) for s in arg] == json.loads(str(exp["arg_shapes"]))
    assert [list(s) for s in out] == json.loads(str(exp["out_shapes"]))
    assert [list(s) for s in aux] == json.loads(str(exp["aux_shapes"]))
    targ, tout, taux = sym.infer_type(**{k: "float32" for k in SHAPES[name]})
    assert [np.dtype(t).name for t in targ] == json.loads(str(exp["arg_types"]))
    assert [np.dtype(t).name for t in tout] == json.loads(str(exp["out_types"]))
    assert [np.dtype(t).name for t in taux] == json.loads(str(exp["aux_types"]))


@pytest.mark.parametrize("name", ["mlp2", "conv", "arith"])
def test_built_with_mx_sym_gives_mxnet_json_graph(name):
    """The same model built with mxjax's mx.sym has MXNet's nodes, names and wiring."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "golden_symbol_models", os.path.join(os.path.dirname(__file__), "..", "..", "tools",
                                             "golden", "symbol.py"))
    src = open(spec.origin).read()
    # the model functions only use `mx.sym`: run them against mxjax
    namespace = {"mx": mx, "np": np}
    start = src.index("def mlp2():")
    end = src.index("def bind_case(")
    exec(src[start:end], namespace)  # noqa: S102 - our own generator's model code
    with mx.name.NameManager():
        mine = json.loads(namespace[name]().tojson())
    theirs = json.loads(str(GOLDEN["infer_" + name]["json"]))
    assert [(n["op"] if n["op"] == "null" else mx.nd.registry.get_op(n["op"]).name, n["name"],
             n["inputs"]) for n in mine["nodes"]] == \
        [(n["op"] if n["op"] == "null" else mx.nd.registry.get_op(n["op"]).name, n["name"],
          n["inputs"]) for n in theirs["nodes"]]
    for a, b in zip(mine["nodes"], theirs["nodes"]):
        pa = {k: mx.sym.symbol.parse_attr(v) for k, v in a.get("attrs", {}).items()}
        pb = {k: mx.sym.symbol.parse_attr(v) for k, v in b.get("attrs", {}).items()}
        assert pa == pb, (a["name"], pa, pb)
    assert mine["heads"] == theirs["heads"] and mine["arg_nodes"] == theirs["arg_nodes"]


@pytest.mark.parametrize("name", ["mlp2", "conv", "arith", "mxjax_written"])
def test_executor_matches_mxnet(name):
    sym = _load(name)
    exp = GOLDEN["bind_" + name] if name != "mxjax_written" else GOLDEN[name]
    shapes = SHAPES.get(name, {"data": (4, 6)})
    exe = sym.simple_bind(mx.cpu(), **shapes)
    for k, arr in exe.arg_dict.items():
        arr[:] = exp["arg:" + k]
    for k, arr in exe.aux_dict.items():
        arr[:] = exp["aux:" + k]
    outs = exe.forward(is_train=True)
    for i, o in enumerate(outs):
        golden_utils.assert_matches(o, exp["out%d" % i], rtol=1e-4, atol=1e-5)
    exe.backward([mx.nd.array(exp["head%d" % i]) for i in range(len(outs))])
    for k, g in exe.grad_dict.items():
        golden_utils.assert_matches(g, exp["grad:" + k], rtol=1e-4, atol=1e-5)
    for k, arr in exe.aux_dict.items():
        golden_utils.assert_matches(arr, exp["aux_after:" + k], rtol=1e-4, atol=1e-5)


def test_mxjax_written_json_is_what_mxjax_writes():
    """tests/golden/symbol/mxjax_written-symbol.json (run in real MXNet by the generator)
    is still what mxjax writes for that model."""
    import importlib.util
    path = os.path.join(os.path.dirname(__file__), "..", "..", "tools", "golden",
                        "symbol_mxjax_side.py")
    spec = importlib.util.spec_from_file_location("symbol_mxjax_side", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    with mx.name.NameManager():
        text = mod.mxjax_net().tojson()
    with open(os.path.join(FILES, "mxjax_written-symbol.json")) as f:
        assert json.loads(text) == json.loads(f.read())
    exp = GOLDEN["mxjax_written"]
    sym = mx.sym.load_json(text)
    assert sym.list_arguments() == _names(exp["arguments"])
    arg, _, aux = sym.infer_shape(data=(4, 6))
    assert [list(s) for s in arg] == json.loads(str(exp["arg_shapes"]))
    assert [list(s) for s in aux] == json.loads(str(exp["aux_shapes"]))


def test_old_format_json_loads():
    old = _load("mlp2-old")
    assert old.list_arguments() == _names(GOLDEN["old_mlp2"]["arguments"])
    upgraded = json.loads(str(GOLDEN["old_mlp2"]["json"]))
    assert [n["name"] for n in json.loads(old.tojson())["nodes"]] == \
        [n["name"] for n in upgraded["nodes"]]
    assert old.infer_shape(data=(4, 6))[1] == [(4, 10)]


def test_infer_shape_partial_matches_mxnet():
    data = mx.sym.Variable("data")
    prev = mx.sym.Variable("prevstate")
    x2h = mx.sym.FullyConnected(data=data, name="x2h", num_hidden=8)
    h2h = mx.sym.FullyConnected(data=prev, name="h2h", num_hidden=8)
    out = mx.sym.Activation(data=mx.sym.elemwise_add(x2h, h2h), name="out", act_type="relu")
    arg, outs, _ = out.infer_shape_partial(data=(3, 5))
    assert [list(s) for s in arg] == json.loads(str(GOLDEN["partial_rnn_cell"]["arg_shapes"]))
    assert [list(s) for s in outs] == json.loads(str(GOLDEN["partial_rnn_cell"]["out_shapes"]))
    with pytest.warns(UserWarning):
        assert out.infer_shape(data=(3, 5)) == (None, None, None)


@pytest.mark.parametrize("name", ["mlp", "lenet", "lstm"])
def test_symbolblock_imports_mxnet_export(name):
    exp = GOLDEN["export_" + name]
    inputs = _names(exp["inputs"])
    net = mx.gluon.SymbolBlock.imports(os.path.join(FILES, name + "-symbol.json"), inputs,
                                       os.path.join(FILES, name + "-0000.params"))
    x = mx.nd.array(exp["x"])
    args = [x] + [mx.nd.zeros((2, 2, 8)) for _ in inputs[1:]]
    out = net(*args)
    out = out[0] if isinstance(out, (list, tuple)) else out
    golden_utils.assert_matches(out, exp["out"], rtol=1e-4, atol=1e-5)


def test_variable_attributes():
    v = mx.sym.Variable("w", shape=(3, 4), lr_mult=2.0, wd_mult=0.5, dtype="float16",
                        init=mx.init.Constant(1), __extra__="x")
    assert v.attr("__shape__") == "(3, 4)"
    assert v.attr("__lr_mult__") == "2.0" and v.attr("__wd_mult__") == "0.5"
    assert v.attr("__dtype__") == "2"   # MXNet's dtype code of float16
    assert v.attr("__extra__") == "x"
    assert v.list_attr()["__init__"].startswith("[\"constant\"")
    assert mx.sym.var("a").name == "a"
    assert mx.sym.Variable("s", stype="csr").attr("__storage_type__") == "2"  # MXNet's id
    assert mx.sym.Variable("s", stype="default").attr("__storage_type__") == "0"
    with pytest.raises(MXNetError, match="storage type"):
        mx.sym.Variable("s", stype="dense")
    # a sparse variable binds a sparse array (the graph computes on its dense values)
    ex = (mx.sym.Variable("s", stype="row_sparse") * 2).simple_bind(mx.cpu(), s=(2, 2))
    assert ex.arg_dict["s"].stype == "row_sparse" and ex.grad_dict["s"].stype == "row_sparse"
    ex.arg_dict["s"][:] = mx.nd.array([[1, 2], [0, 0]]).tostype("row_sparse")
    assert ex.forward()[0].asnumpy().tolist() == [[2, 4], [0, 0]]
    with pytest.raises(AssertionError, match="row_sparse"):
        mx.gluon.SymbolBlock(mx.sym.var("x") + mx.sym.var("w", stype="row_sparse"),
                             mx.sym.var("x"))
    with pytest.raises(ValueError, match="double underscores"):
        mx.sym.Variable("s", bad=1)
    assert v.infer_type()[0] == [np.float16]
    assert v.infer_shape()[0] == [(3, 4)]
    with mx.attribute.AttrScope(ctx_group="dev1"):
        fc = mx.sym.FullyConnected(mx.sym.var("d"), num_hidden=2, name="fc")
    assert fc.attr("ctx_group") == "dev1" and fc.attr("num_hidden") == "2"
    assert fc.attr_dict()["fc"]["num_hidden"] == "2"


def test_names_children_getitem_compose():
    with mx.name.NameManager():
        data = mx.sym.var("data")
        a = mx.sym.FullyConnected(data, num_hidden=4)
        b = mx.sym.Activation(a, act_type="relu")
        assert (a.name, b.name) == ("fullyconnected0", "activation0")
        assert (data + 1).name == "_plusscalar0" and (data * data).name == "_mul0"
    with mx.name.Prefix("net_"):
        assert mx.sym.relu(data).name == "net_relu0"
    sliced = mx.sym.SliceChannel(data, num_outputs=3, name="slice")
    assert sliced.list_outputs() == ["slice_output0", "slice_output1", "slice_output2"]
    assert len(sliced) == 3 and sliced[1].list_outputs() == ["slice_output1"]
    assert sliced["slice_output2"].list_outputs() == ["slice_output2"]
    concat = mx.sym.Concat(*list(sliced))
    assert concat.attr("num_args") == "3"
    assert concat.get_children().list_outputs() == sliced.list_outputs()
    assert data.get_children() is None
    net = mx.sym.FullyConnected(name="fc3", num_hidden=10)
    composed = net(fc3_data=b, name="composed")
    assert composed.list_arguments() == ["data", "fullyconnected0_weight",
                                         "fullyconnected0_bias", "fc3_weight", "fc3_bias"]
    assert composed.name == "composed"
    assert mx.sym.Group([composed, a]).list_outputs() == ["composed_output",
                                                         "fullyconnected0_output"]
    with pytest.raises(NotImplementedForSymbol):
        bool(data)
    assert copy.deepcopy(composed).tojson() == composed.tojson()
    assert pickle.loads(pickle.dumps(composed)).tojson() == composed.tojson()


def test_arithmetic_and_comparison_values():
    a, b = mx.sym.var("a"), mx.sym.var("b")
    x = np.array([[1., -2., 3.]], np.float32)
    y = np.array([[2., 2., -1.]], np.float32)
    exprs = [(a + b, x + y), (a - 1, x - 1), (1 - a, 1 - x), (a * b, x * y), (a / b, x / y),
             (2 / b, 2 / y), (a ** 2, x ** 2), (2 ** a, 2 ** x), (-a, -x), (abs(a), abs(x)),
             (a > b, (x > y).astype(np.float32)), (a <= 1, (x <= 1).astype(np.float32)),
             (a == b, (x == y).astype(np.float32)), (a % 2, np.mod(x, 2)),
             (mx.sym.maximum(a, 0), np.maximum(x, 0)), (mx.sym.pow(a, b), x ** y)]
    for sym, expected in exprs:
        args = {n: mx.nd.array({"a": x, "b": y}[n]) for n in sym.list_arguments()}
        out = sym.eval(ctx=mx.cpu(), **args)[0]
        np.testing.assert_allclose(out.asnumpy(), expected, rtol=1e-6)


def test_infer_shape_errors():
    v = mx.sym.var("V")
    x = mx.sym.var("x")
    s3 = mx.sym.transpose(v) + (x + v)
    with pytest.raises(MXNetError, match="inconsistent"):
        s3.infer_shape(x=(2, 3))
    with pytest.raises(MXNetError, match="not an input"):
        s3.infer_shape(y=(2, 3))
    conv = mx.sym.Convolution(mx.sym.var("data", shape=(1, 0, 0, 0)), mx.sym.var("weight"),
                              pad=(3, 3), num_filter=64, stride=(2, 2), no_bias=True,
                              kernel=(7, 7))
    arg, _, _ = conv.infer_shape_partial()
    assert arg == [(1, 0, 0, 0), (64, 0, 7, 7)]


def test_ops_namespaces_from_registry():
    for name in ("FullyConnected", "Convolution", "relu", "broadcast_add", "dot", "Reshape"):
        assert callable(getattr(mx.sym, name))
    assert callable(mx.sym.random.uniform) and callable(mx.sym.linalg.gemm2)
    assert callable(mx.sym.contrib.BatchNormWithReLU)
    assert mx.sym.random.uniform(shape=(2, 3)).infer_shape()[1] == [(2, 3)]
    z = mx.sym.zeros((2, 2)) + mx.sym.ones((2, 2))
    assert (z.eval()[0].asnumpy() == 1).all()
    s = mx.sym.var("x").reshape((2, 3)).sum(axis=1)
    assert s.eval(x=mx.nd.ones((6,)))[0].asnumpy().tolist() == [3.0, 3.0]
