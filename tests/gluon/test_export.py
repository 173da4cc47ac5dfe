"""mxjax.gluon._export: HybridBlock.export of graphs that create constants in the forward."""
import json
import os

import numpy as np
import pytest

import mxjax as mx
from mxjax import gluon


class _Unrolled(gluon.HybridBlock):
    """An RNN cell unrolled without a begin state (zeros made in the forward) plus a
    constant made by F.full: MXNet's graph has _zeros / _full nodes for them."""

    def __init__(self, cell):
        super().__init__()
        with self.name_scope():
            self.cell = cell(hidden_size=2)

    def hybrid_forward(self, F, seq):
        out = self.cell.unroll(inputs=seq, length=3, merge_outputs=True)[0]
        return F.broadcast_add(out, F.full((1, 1, 1), 0.5))


@pytest.mark.parametrize("cell", [gluon.rnn.RNNCell, gluon.rnn.LSTMCell, gluon.rnn.GRUCell])
def test_export_import_with_constants_in_forward(tmp_path, cell):
    # MXNet's test_gluon_rnn::test_rnn_cells_export_import; constants were exported as
    # variables const<k> missing from the .params file
    net = _Unrolled(cell)
    net.initialize(mx.init.Uniform(0.5))
    net.hybridize()
    x = mx.nd.arange(6).reshape((1, 3, 2)) / 6
    expected = net(x).asnumpy()
    prefix = str(tmp_path / "m")
    net.export(prefix, epoch=0)
    nodes = json.load(open(prefix + "-symbol.json"))["nodes"]
    ops = {n["op"] for n in nodes}
    assert {"_zeros", "_full"} <= ops          # as in MXNet 1.9.1's exported graph
    assert not any(n["name"].startswith("const") for n in nodes)
    full = [n for n in nodes if n["op"] == "_full"][0]
    assert full["attrs"]["value"] == "0.5" and full["attrs"]["shape"] == "(1, 1, 1)"
    block = gluon.SymbolBlock.imports(prefix + "-symbol.json", ["data"], prefix + "-0000.params")
    np.testing.assert_allclose(block(x).asnumpy(), expected, rtol=1e-6)
    assert os.path.isfile(prefix + "-0000.params")


def test_recorded_symbol_keeps_other_constants_as_variables():
    # a non-uniform constant has no fill operator: still the variable const<k>
    x = mx.nd.ones((3,))
    x.attach_grad()
    with mx.autograd.record():
        y = x * mx.nd.array([1.0, 2.0, 3.0]) + mx.nd.zeros((3,))
    sym = mx.sym.from_recorded([y], fill_constants=True)
    ops = [n["op"] for n in json.loads(sym.tojson())["nodes"]]
    assert "_zeros" in ops
    assert any(a.startswith("const") for a in sym.list_arguments())
    plain = mx.sym.from_recorded([y])
    assert "_zeros" not in [n["op"] for n in json.loads(plain.tojson())["nodes"]]
