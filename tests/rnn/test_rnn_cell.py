"""mx.rnn cells against real MXNet 1.9.1 (tools/golden/rnn_legacy.py): the JSON of an
unrolled cell, its outputs and parameter gradients with fixed parameters, and
unpack_weights/pack_weights."""
import json
import warnings

import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
import golden_utils

GOLDEN = golden_utils.load("rnn_legacy")
T, N, C, H = 3, 2, 5, 4


def _seq():
    s = mx.rnn.SequentialRNNCell()
    s.add(mx.rnn.LSTMCell(H, prefix="a_"))
    s.add(mx.rnn.DropoutCell(0.5, prefix="d_"))
    s.add(mx.rnn.ResidualCell(mx.rnn.GRUCell(H, prefix="b_")))
    return s


# the same cells as the generator's
CELLS = {
    "rnn_relu": (lambda: mx.rnn.RNNCell(H, activation="relu", prefix="r_"), "NTC", True),
    "lstm": (lambda: mx.rnn.LSTMCell(H, prefix="l_", forget_bias=0.5), "NTC", True),
    "gru_tnc": (lambda: mx.rnn.GRUCell(H, prefix="g_"), "TNC", False),
    "fused_bi2": (lambda: mx.rnn.FusedRNNCell(H, num_layers=2, mode="lstm", bidirectional=True,
                                              get_next_state=True, prefix="f_"), "TNC", True),
    "fused_gru": (lambda: mx.rnn.FusedRNNCell(H, num_layers=1, mode="gru",
                                              get_next_state=True, prefix="fg_"), "NTC", True),
    "seq": (_seq, "NTC", True),
    "bi": (lambda: mx.rnn.BidirectionalCell(mx.rnn.LSTMCell(H, prefix="bl_"),
                                            mx.rnn.GRUCell(H, prefix="br_"),
                                            output_prefix="bo_"), "NTC", True),
    "bi_list": (lambda: mx.rnn.BidirectionalCell(mx.rnn.RNNCell(H, prefix="xl_"),
                                                 mx.rnn.RNNCell(H, prefix="xr_")), "NTC", False),
    "zoneout": (lambda: mx.rnn.ZoneoutCell(mx.rnn.LSTMCell(H, prefix="z_"), 0.3, 0.2),
                "NTC", True),
    "conv_lstm": (lambda: mx.rnn.ConvLSTMCell((N, 2, 5, 5), 2, prefix="c_"), "NTC", True),
    "conv_gru": (lambda: mx.rnn.ConvGRUCell((N, 2, 5, 5), 2, prefix="cg_"), "NTC", True),
}
RANDOM = {"seq", "zoneout"}


def data_shape(name, layout):
    if name.startswith("conv"):
        return (N, T, 2, 5, 5)
    return (N, T, C) if layout == "NTC" else (T, N, C)


def build(name):
    make, layout, merge = CELLS[name]
    with mx.name.NameManager():  # automatic names (split0 ...) from a fresh counter
        return _build(make, layout, merge)


def _build(make, layout, merge):
    cell = make()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # FusedRNNCell's NTC advice
        outputs, states = cell.unroll(T, mx.sym.Variable("data"), layout=layout,
                                      merge_outputs=merge)
    outputs = outputs if isinstance(outputs, list) else [outputs]
    flat = []
    for s in states:
        flat.extend(s if isinstance(s, list) else [s])
    return cell, mx.sym.Group(outputs + flat)


def params_for(sym, shapes, seed=0):
    rng = np.random.RandomState(seed)
    return {n: rng.uniform(-0.5, 0.5, s).astype(np.float32)
            for n, s in zip(sym.list_arguments(), shapes)}


def _graph(js):
    d = json.loads(js)
    return ([(n["op"], n["name"], n.get("attrs", {}), n["inputs"]) for n in d["nodes"]],
            d["arg_nodes"], d["heads"])


@pytest.mark.parametrize("name", sorted(CELLS))
def test_unrolled_symbol_is_mxnets(name):
    g = GOLDEN["cell_" + name]
    _, sym = build(name)
    assert sym.list_arguments() == list(g["arguments"])
    assert sym.list_outputs() == list(g["outputs"])
    # nodes, attributes, wiring, heads as MXNet writes them (node_row_ptr aside: MXNet
    # also counts hidden outputs such as Dropout's mask there, and ignores it on load)
    assert _graph(sym.tojson()) == _graph(str(g["json"]))
    # and MXNet's JSON loads here into the same graph
    assert _graph(mx.sym.load_json(str(g["json"])).tojson()) == _graph(str(g["json"]))


@pytest.mark.parametrize("name", sorted(CELLS))
def test_unrolled_cell_computes_mxnets_values(name):
    g = GOLDEN["cell_" + name]
    _, sym = build(name)
    dshape = data_shape(name, CELLS[name][1])
    arg_shapes, out_shapes, _ = sym.infer_shape(data=dshape)
    assert [list(s) for s in out_shapes] == json.loads(str(g["out_shapes"]))
    values = params_for(sym, arg_shapes)
    exe = sym.simple_bind(mx.cpu(), data=dshape)
    for k, v in values.items():
        exe.arg_dict[k][:] = v
    outs = exe.forward(is_train=False)
    for i, o in enumerate(outs):
        golden_utils.assert_matches(o.asnumpy(), g["out%d" % i], rtol=1e-4, atol=1e-5)
    if name in RANDOM:
        return
    exe.forward(is_train=True)
    exe.backward([mx.nd.ones(s) for s in out_shapes])
    for k in sym.list_arguments():
        golden_utils.assert_matches(exe.grad_dict[k].asnumpy(), g["grad_" + k], rtol=1e-4,
                                    atol=1e-5)


@pytest.mark.parametrize("name", ["lstm", "gru_tnc", "fused_bi2", "bi", "seq"])
def test_unpack_and_pack_weights(name):
    g = GOLDEN["unpack_" + name]
    cell, sym = build(name)
    arg_shapes, _, _ = sym.infer_shape(data=data_shape(name, CELLS[name][1]))
    args = {k: mx.nd.array(v) for k, v in params_for(sym, arg_shapes).items() if k != "data"}
    unpacked = cell.unpack_weights(args)
    assert sorted(unpacked) == sorted(g)
    for k, v in unpacked.items():
        golden_utils.assert_matches(v.asnumpy(), g[k])
    packed = cell.pack_weights(unpacked)
    assert sorted(packed) == sorted(args)
    for k, v in packed.items():
        np.testing.assert_array_equal(v.asnumpy(), args[k].asnumpy())


def test_fused_cell_equals_its_unfused_stack():
    cell = mx.rnn.FusedRNNCell(H, num_layers=2, mode="gru", bidirectional=True, prefix="q_")
    x = mx.sym.Variable("data")
    fused, _ = cell.unroll(T, x, layout="TNC", merge_outputs=True)
    stack = cell.unfuse()
    unfused, _ = stack.unroll(T, x, layout="TNC", merge_outputs=True)
    shapes, _, _ = fused.infer_shape(data=(T, N, C))
    vals = params_for(fused, shapes, seed=4)
    args = {k: mx.nd.array(v) for k, v in vals.items()}
    ex1 = fused.bind(mx.cpu(), args)
    # MXNet's recipe: the fused vector unpacked per gate, packed again per unfused cell
    unpacked = stack.pack_weights(cell.unpack_weights({k: v for k, v in args.items()
                                                       if k != "data"}))
    unpacked["data"] = args["data"]
    ex2 = unfused.bind(mx.cpu(), {k: unpacked[k] for k in unfused.list_arguments()})
    np.testing.assert_allclose(ex1.forward()[0].asnumpy(), ex2.forward()[0].asnumpy(),
                               rtol=1e-4, atol=1e-5)


def test_begin_state_variables_and_step():
    cell = mx.rnn.LSTMCell(H, prefix="s_")
    states = cell.begin_state(func=mx.sym.Variable)
    assert [s.name for s in states] == ["s_begin_state_0", "s_begin_state_1"]
    assert states[0].list_attr()["__layout__"] == "NC"
    out, new = cell(mx.sym.Variable("x"), states)
    assert out.name == "s_t0_out" and new[1].name == "s_t0_state"
    assert cell.state_shape == [(0, H), (0, H)]
    assert sorted(cell.params._params) == ["s_h2h_bias", "s_h2h_weight", "s_i2h_bias",
                                           "s_i2h_weight"]


def test_shared_params_and_errors():
    params = mx.rnn.RNNParams("shared_")
    a = mx.rnn.RNNCell(H, prefix="a_", params=params)
    b = mx.rnn.RNNCell(H, prefix="b_", params=params)
    assert a._iW is b._iW and a._iW.name == "shared_i2h_weight"
    base = mx.rnn.LSTMCell(H)
    mx.rnn.ZoneoutCell(base, 0.5)
    with pytest.raises(MXNetError, match="modifier"):
        base.begin_state()
    with pytest.raises(MXNetError, match="unfuse"):
        mx.rnn.ZoneoutCell(mx.rnn.FusedRNNCell(H), 0.5)
    with pytest.raises(MXNetError, match="deprecated"):
        mx.rnn.RNNCell(H).unroll(2, None)
    with pytest.raises(NotImplementedError, match="unroll"):
        mx.rnn.FusedRNNCell(H)(mx.sym.Variable("x"), [])
    with pytest.raises(MXNetError, match="mode"):
        mx.rnn.FusedRNNCell(H, mode="lstmx")
