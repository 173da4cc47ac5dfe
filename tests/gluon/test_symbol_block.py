"""SymbolBlock: importing graphs exported by MXNet 1.9.1 and by mxjax; export keys."""
import json
import os

import numpy as np
import pytest

import mxjax as mx
from mxjax import autograd
import mxjax.gluon as gluon
from mxjax.gluon import nn
from mxjax.gluon._naming import reset_global_names

import golden_utils
from golden_utils import assert_matches

GOLDEN = golden_utils.load("gluon_core")
FILES = os.path.join(golden_utils.GOLDEN_DIR, "gluon_core")


def _net():
    net = nn.HybridSequential()
    with net.name_scope():
        net.add(nn.Dense(4, activation="relu"), nn.BatchNorm(), nn.Dense(2))
    return net


def test_imports_model_exported_by_mxnet():
    fields = GOLDEN["files"]
    blk = gluon.SymbolBlock.imports(os.path.join(FILES, "net-symbol.json"), ["data"],
                                    os.path.join(FILES, "net-0003.params"))
    assert sorted(blk.collect_params().keys()) == sorted(
        k[4:] for k in str(fields["export_keys"]).split("\n"))
    assert blk.collect_params()["hybridsequential0_batchnorm0_running_var"].grad_req == "null"
    assert_matches(blk(mx.nd.array(fields["x"])), fields["out"], rtol=1e-5, atol=1e-6)


def test_export_keys_match_mxnet_and_roundtrip(tmp_path):
    fields = GOLDEN["files"]
    reset_global_names()
    net = _net()
    net.load_parameters(os.path.join(FILES, "net.params"))
    net.hybridize()
    x = mx.nd.array(fields["x"])
    net(x)
    path = str(tmp_path / "net")
    net.export(path, epoch=3)
    keys = sorted(mx.nd.load(path + "-0003.params").keys())
    assert "\n".join(keys) == str(fields["export_keys"])
    sym = json.load(open(path + "-symbol.json"))
    assert [n["op"] for n in sym["nodes"] if n["op"] != "null"] == \
        ["FullyConnected", "Activation", "BatchNorm", "FullyConnected"]
    blk = gluon.SymbolBlock.imports(path + "-symbol.json", ["data"], path + "-0003.params")
    assert_matches(blk(x), fields["out"], rtol=1e-5, atol=1e-6)
    # gradients flow through an imported block to its parameters
    xg = mx.nd.array(fields["x"])
    xg.attach_grad()
    with autograd.record(train_mode=False):
        y = blk(xg)
    y.backward()
    with autograd.record(train_mode=False):
        y2 = net(x)
    y2.backward()
    w = "hybridsequential0_dense0_weight"
    np.testing.assert_allclose(blk.collect_params()[w].grad().asnumpy(),
                               net[0].weight.grad().asnumpy(), rtol=1e-5, atol=1e-6)


def test_symbol_block_from_symbols_and_errors(tmp_path):
    with open(os.path.join(FILES, "net-symbol.json")) as f:
        sym = mx.symbol.load_json(f.read())
    data = gluon.Parameter("data", shape=(3, 5)).var()
    blk = gluon.SymbolBlock(sym, data)
    blk.collect_params().load(os.path.join(FILES, "net-0003.params"))
    assert_matches(blk(mx.nd.array(GOLDEN["files"]["x"])), GOLDEN["files"]["out"],
                   rtol=1e-5, atol=1e-6)
    with pytest.raises(mx.MXNetError, match="expects 1 inputs"):
        blk(mx.nd.ones((3, 5)), mx.nd.ones((3, 5)))
    fresh = gluon.SymbolBlock(sym, data)
    fresh.initialize()  # deferred: the shapes come from the input, as in MXNet
    assert fresh(mx.nd.ones((3, 5))).shape == blk(mx.nd.ones((3, 5))).shape
    assert {k: p.shape for k, p in fresh.collect_params().items()} == \
        {k: p.shape for k, p in blk.collect_params().items()}


def test_symbol_block_called_with_symbols_composes_its_graph():
    # MXNet 1.9.1: a SymbolBlock called with Symbols returns its graph composed onto
    # them (a list of Symbols for a graph with several outputs).
    data = mx.sym.var("data")
    fc = mx.sym.FullyConnected(data, num_hidden=3, name="fc")
    act = mx.sym.Activation(fc, act_type="relu", name="act")
    blk = gluon.SymbolBlock(act, data)
    out = blk(mx.sym.var("in"))
    assert isinstance(out, mx.sym.Symbol)
    assert out.list_arguments() == ["in", "fc_weight", "fc_bias"]
    group = gluon.SymbolBlock(act.get_internals(), data)
    outs = group(mx.sym.var("x"))
    assert isinstance(outs, list) and len(outs) == len(act.get_internals().list_outputs())
    assert outs[-1].list_arguments()[0] == "x"
    with pytest.raises(mx.base.MXNetError):
        blk(mx.sym.var("in"), mx.nd.ones((2, 3)))
