"""The fused RNN operator (nd.RNN) against MXNet 1.9.1 (tests/golden/rnn.npz)."""
import numpy as np
import pytest

from mxjax import nd, autograd
from mxjax.base import MXNetError
from golden_utils import load, assert_matches
from nnops_golden import replay, meta

G = load("rnn")


def test_modes_covered():
    modes = {meta(c)["kwargs"]["mode"] for c in G.values() if meta(c)["op"] == "RNN"}
    assert modes == {"rnn_relu", "rnn_tanh", "lstm", "gru"}


@pytest.mark.parametrize("case", sorted(G))
def test_golden(case):
    replay(G[case])


def _np_lstm(x, params, h, c, hid, clip=None):
    """A plain NumPy single-layer LSTM (MXNet's layout and gate order i, f, g, o)."""
    T, N, I = x.shape
    g = 4 * hid
    wx = params[:g * I].reshape(g, I)
    wh = params[g * I:g * I + g * hid].reshape(g, hid)
    bx = params[g * I + g * hid:g * I + g * hid + g]
    bh = params[g * I + g * hid + g:]
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    outs = []
    for t in range(T):
        z = x[t] @ wx.T + bx + h @ wh.T + bh
        i, f, gg, o = np.split(z, 4, axis=-1)
        c = sig(f) * c + sig(i) * np.tanh(gg)
        if clip is not None:
            c = np.clip(c, *clip)
        h = sig(o) * np.tanh(c)
        outs.append(h)
    return np.stack(outs), h, c


def test_lstm_state_clip():
    # MXNet's CPU kernel ignores the clip (a cuDNN option); check against NumPy,
    # after checking the NumPy LSTM against MXNet's golden values without clipping
    c = G["lstm_states"]
    x, prm = c["in_data"].astype(np.float64), c["in_parameters"].astype(np.float64)
    h0, c0 = c["in_state"][0].astype(np.float64), c["in_state_cell"][0].astype(np.float64)
    out, h, cc = _np_lstm(x, prm, h0, c0, 4)
    np.testing.assert_allclose(out, c["out0"], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(cc, c["out2"][0], rtol=1e-4, atol=1e-5)
    out, h, cc = _np_lstm(x, prm, h0, c0, 4, clip=(-0.2, 0.3))
    res = nd.RNN(nd.array(c["in_data"]), nd.array(c["in_parameters"]),
                 nd.array(c["in_state"]), nd.array(c["in_state_cell"]), state_size=4,
                 num_layers=1, mode="lstm", state_outputs=True, lstm_state_clip_min=-0.2,
                 lstm_state_clip_max=0.3)
    np.testing.assert_allclose(res[0].asnumpy(), out, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(res[2].asnumpy()[0], cc, rtol=1e-4, atol=1e-5)
    assert res[2].asnumpy().max() <= 0.3 + 1e-7 and res[2].asnumpy().min() >= -0.2 - 1e-7


def test_positional_lengths_without_cell_state():
    # gluon passes [data, params, h, sequence_length] positionally, as MXNet's input list
    c = G["seqlen_gru_bi"]
    m = meta(c)
    res = nd.RNN(nd.array(c["in_data"]), nd.array(c["in_parameters"]),
                 nd.array(c["in_state"]), nd.array(c["in_sequence_length"]), **m["kwargs"])
    assert_matches(res[0], c["out0"], rtol=1e-4, atol=1e-5)
    assert_matches(res[1], c["out1"], rtol=1e-4, atol=1e-5)


def test_dropout_between_layers_only_in_training():
    c = G["gru_dropout_predict"]
    m = meta(c)
    args = [nd.array(c["in_" + k]) for k in ("data", "parameters", "state")]
    with autograd.record(train_mode=True):
        res = nd.RNN(*args, **m["kwargs"])
    assert not np.allclose(res[0].asnumpy(), c["out0"], atol=1e-3)
    kw = dict(m["kwargs"], p=0.0)
    with autograd.record(train_mode=True):
        res = nd.RNN(*args, **kw)
    assert_matches(res[0], c["out0"], rtol=1e-4, atol=1e-5)


def test_errors():
    x = nd.ones((3, 2, 3))
    with pytest.raises(MXNetError, match=r"parameters.*\(10\).*\(36\)"):
        nd.RNN(x, nd.ones((10,)), nd.zeros((1, 2, 4)), state_size=4, num_layers=1,
               mode="rnn_tanh")
    with pytest.raises(MXNetError, match="state"):
        nd.RNN(x, nd.ones((36,)), nd.zeros((2, 2, 4)), state_size=4, num_layers=1,
               mode="rnn_tanh")
    with pytest.raises(MXNetError, match="state_cell"):
        nd.RNN(x, nd.ones((144,)), nd.zeros((1, 2, 4)), state_size=4, num_layers=1,
               mode="lstm")
    with pytest.raises(MXNetError, match="mode"):
        nd.RNN(x, nd.ones((36,)), nd.zeros((1, 2, 4)), state_size=4, num_layers=1,
               mode="elman")
    with pytest.raises(MXNetError, match="projection_size"):
        nd.RNN(x, nd.ones((36,)), nd.zeros((1, 2, 4)), state_size=4, num_layers=1,
               mode="gru", projection_size=2)
