"""gluon.rnn fused layers (RNN, LSTM, GRU) against MXNet 1.9.1 (tools/golden/gluon_rnn.py):
outputs, states, input and parameter gradients; plain and hybridized."""
import pytest

import mxjax as mx
from mxjax.gluon import rnn

import golden_utils
from layer_harness import replay

GOLDEN = golden_utils.load("gluon_rnn")
LAYER_CASES = ("_layer", "lstm_projection")
CASES = sorted(c for c in GOLDEN if any(k in c for k in LAYER_CASES))


@pytest.mark.parametrize("hybridize", [False, True], ids=["imperative", "hybridized"])
@pytest.mark.parametrize("case", CASES)
def test_rnn_matches_mxnet(case, hybridize):
    replay(GOLDEN[case], hybridize=hybridize)


def test_layer_states_and_errors():
    layer = rnn.LSTM(4, num_layers=2, bidirectional=True, input_size=3)
    layer.initialize()
    states = layer.begin_state(batch_size=5)
    assert [s.shape for s in states] == [(4, 5, 4), (4, 5, 4)]
    out = layer(mx.nd.ones((2, 5, 3)))
    assert out.shape == (2, 5, 8)
    out, new = layer(mx.nd.ones((2, 5, 3)), states)
    assert [s.shape for s in new] == [(4, 5, 4), (4, 5, 4)]
    with pytest.raises(ValueError, match="Invalid recurrent state shape"):
        layer(mx.nd.ones((2, 5, 3)), [mx.nd.ones((1, 5, 4)), mx.nd.ones((1, 5, 4))])
    with pytest.raises(AssertionError, match="Invalid layout"):
        rnn.GRU(3, layout="NCT")
    keys = sorted(rnn.GRU(2, bidirectional=True)._collect_params_with_prefix())
    assert keys[0] == "_unfused.0.l_cell.h2h_bias"
    assert repr(layer) == "LSTM(3 -> 4, TNC, num_layers=2, bidirectional)"



def test_recorded_fused_rnn_compiles_whole_at_first_sighting():
    """A graph holding the fused RNN operator (a loop over time, a program of its own)
    is compiled whole at its first sighting: op by op would compile the loop twice,
    its forward and its VJP, before compiling the whole graph at the second."""
    from mxjax import engine
    import numpy as np
    from mxjax import autograd
    layer = rnn.LSTM(8, num_layers=1, layout="NTC")
    layer.initialize()
    x = mx.nd.array(np.random.RandomState(0).normal(size=(2, 5, 3)))
    layer(x)
    prev = engine.set_compile_after(2)
    try:
        engine.clear_cache()
        engine.reset_stats()
        for _ in range(2):
            with autograd.record():
                loss = (layer(x) ** 2).sum()
            loss.backward()
        stats = engine.stats()
    finally:
        engine.set_compile_after(prev)
    assert stats["uncompiled_runs"] == 0 and stats["cache_hits"] == 1, stats
    w = layer.l0_i2h_weight
    assert np.abs(w.grad().asnumpy()).sum() > 0
