"""gluon.rnn cells against MXNet 1.9.1 (tools/golden/gluon_rnn.py): outputs,
states, input and parameter gradients; plain and hybridized."""
import os

import pytest

import mxjax as mx
from mxjax.gluon import rnn

import golden_utils
from layer_harness import replay

GOLDEN = golden_utils.load("gluon_rnn")
LAYER_CASES = ("_layer", "lstm_projection")
CASES = sorted(c for c in GOLDEN if not any(k in c for k in LAYER_CASES))


@pytest.mark.parametrize("hybridize", [False, True], ids=["imperative", "hybridized"])
@pytest.mark.parametrize("case", CASES)
def test_rnn_matches_mxnet(case, hybridize):
    replay(GOLDEN[case], hybridize=hybridize)


def test_rnn_names_cover_mxnet_api():
    path = os.path.join(os.path.dirname(__file__), "..", "..", "tools", "mxnet_api",
                        "gluon.rnn.txt")
    names = [n.split("(")[0] for n in open(path).read().split("\n") if n.strip()]
    missing = [n for n in names if not hasattr(rnn, n)]
    assert not missing, missing


CELLS = ["BidirectionalCell", "DropoutCell", "GRU", "GRUCell", "HybridSequentialRNNCell",
         "LSTM", "LSTMCell", "RNN", "RNNCell", "ResidualCell", "SequentialRNNCell",
         "ZoneoutCell"]


def test_every_cell_and_layer_has_a_golden_case():
    builds = " ".join(str(f["build"]) for f in GOLDEN.values())
    missing = [n for n in CELLS if "rnn.%s(" % n not in builds]
    assert not missing, missing


def test_base_cells():
    assert issubclass(rnn.HybridRecurrentCell, rnn.RecurrentCell)
    assert issubclass(rnn.ZoneoutCell, rnn.ModifierCell)
    assert issubclass(rnn.ResidualCell, rnn.ModifierCell)
    assert isinstance(rnn.LSTMCell(2), rnn.HybridRecurrentCell)
    with pytest.raises(NotImplementedError):
        rnn.RecurrentCell().state_info()
    base = rnn.GRUCell(3)
    mod = rnn.ResidualCell(base)
    assert mod.params is base.params
    with pytest.raises(AssertionError, match="already modified"):
        rnn.ZoneoutCell(base)
    with pytest.raises(AssertionError, match="base cell cannot be called directly"):
        base.begin_state(batch_size=2)
    assert [s.shape for s in mod.begin_state(batch_size=2)] == [(2, 3)]
    with pytest.raises(NotImplementedError, match="cannot be stepped"):
        rnn.BidirectionalCell(rnn.RNNCell(2), rnn.RNNCell(2))(mx.nd.ones((1, 2)), [])
