"""gluon.contrib.rnn: the convolutional cells, LSTMPCell, VariationalDropoutCell and
dynamic_unroll against MXNet 1.9.1 (tools/golden/contrib_rnn.py: outputs, input and
parameter gradients, imperative and hybridized); LSTMPCell against jax.grad of its
formula; symbolic unroll names and shapes; variational masks."""
import numpy as np
import jax
import jax.numpy as jnp
import pytest

import mxjax as mx
from mxjax.base import MXNetError
from mxjax.gluon import contrib, rnn
from mxjax.gluon.contrib.rnn import LSTMPCell

import golden_utils
from layer_harness import replay

GOLDEN = golden_utils.load("contrib_rnn")


@pytest.mark.parametrize("hybridize", [False, True], ids=["imperative", "hybridized"])
@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_contrib_rnn_matches_mxnet(case, hybridize):
    replay(GOLDEN[case], hybridize=hybridize, env={"contrib": contrib})


def test_contrib_rnn_names_cover_mxnet_api():
    names = ["Conv%dD%sCell" % (d, k) for d in (1, 2, 3) for k in ("RNN", "LSTM", "GRU")]
    names += ["VariationalDropoutCell", "LSTMPCell"]
    assert sorted(contrib.rnn.__all__) == sorted(names)
    assert callable(contrib.rnn.rnn_cell.dynamic_unroll)


@pytest.mark.parametrize("cls,in_shape,out_shape", [
    ("Conv1DRNNCell", (1, 10, 50), (1, 100, 48)),
    ("Conv2DLSTMCell", (1, 10, 20, 50), (1, 100, 18, 48)),
    ("Conv3DGRUCell", (1, 10, 20, 30, 50), (1, 100, 18, 28, 48))])
def test_conv_cell_symbolic_unroll(cls, in_shape, out_shape):
    cell = getattr(contrib.rnn, cls)(in_shape[1:], 100, 3, 3, prefix="rnn_")
    inputs = [mx.sym.Variable("rnn_t%d_data" % i) for i in range(3)]
    outputs, _ = cell.unroll(3, inputs)
    outputs = mx.sym.Group(outputs)
    assert sorted(cell.collect_params()) == ["rnn_h2h_bias", "rnn_h2h_weight",
                                             "rnn_i2h_bias", "rnn_i2h_weight"]
    assert outputs.list_outputs() == ["rnn_t%d_out_output" % i for i in range(3)]
    _, outs, _ = outputs.infer_shape(**{"rnn_t%d_data" % i: in_shape for i in range(3)})
    assert outs == [out_shape] * 3


def test_conv_cell_checks_and_repr():
    with pytest.raises(MXNetError, match="odd"):
        contrib.rnn.Conv1DRNNCell((3, 7), 4, 3, 2)
    with pytest.raises(MXNetError, match="length 2"):
        contrib.rnn.Conv2DRNNCell((3, 7, 7), 4, (3, 3, 3), 3)
    cell = contrib.rnn.Conv2DGRUCell((3, 7, 7), 4, 3, 3)
    assert repr(cell) == "Conv2DGRUCell(3 -> 12, tanh, NCHW)"
    assert cell.state_info(2) == [{"shape": (2, 4, 5, 5), "__layout__": "NCHW"}]
    assert cell.prefix.startswith("conv_gru")


def test_vardrop_masks_fixed_within_a_sequence():
    cell = contrib.rnn.VariationalDropoutCell(rnn.RNNCell(4, prefix="rnn_"), drop_inputs=0.5)
    cell.initialize()
    x = mx.nd.ones((2, 3))
    states = cell.begin_state(batch_size=2)
    with mx.autograd.record():
        cell(x, states)
        first = cell.drop_inputs_mask.asnumpy()
        cell(x, states)
        assert (cell.drop_inputs_mask.asnumpy() == first).all()
    assert set(np.unique(first)) <= {0.0, 2.0}
    cell.reset()
    assert cell.drop_inputs_mask is None
    with pytest.raises(MXNetError, match="BidirectionalCell"):
        contrib.rnn.VariationalDropoutCell(rnn.BidirectionalCell(rnn.RNNCell(2),
                                                                 rnn.RNNCell(2)),
                                           drop_states=0.5)


def _step(x, r, c, w):
    sig = lambda v: 1 / (1 + jnp.exp(-v))  # noqa: E731
    g = x @ w["i2h_weight"].T + w["i2h_bias"] + r @ w["h2h_weight"].T + w["h2h_bias"]
    i, f, t, o = jnp.split(g, 4, axis=1)
    c = sig(f) * c + sig(i) * jnp.tanh(t)
    h = sig(o) * jnp.tanh(c)
    return h @ w["h2r_weight"].T, c


def test_lstmp_cell_matches_formula():
    cell = LSTMPCell(6, 3, prefix="lstmp_")
    cell.initialize(mx.init.Uniform(0.5))
    x = np.random.RandomState(0).uniform(-1, 1, (2, 4, 5)).astype(np.float32)
    X = mx.nd.array(x)
    X.attach_grad()
    with mx.autograd.record():
        out, (r, c) = cell.unroll(4, X, layout="NTC", merge_outputs=True)
        loss = (out * out).sum() + c.sum()
    loss.backward()
    names = {k[len("lstmp_"):]: v for k, v in cell.collect_params().items()}
    assert {k: v.shape for k, v in names.items()} == {
        "i2h_weight": (24, 5), "h2h_weight": (24, 3), "h2r_weight": (3, 6),
        "i2h_bias": (24,), "h2h_bias": (24,)}
    w = {k: jnp.asarray(v.data().asnumpy()) for k, v in names.items()}

    def ref(xs):
        r, c, outs = jnp.zeros((2, 3)), jnp.zeros((2, 6)), []
        for t in range(4):
            r, c = _step(xs[:, t], r, c, w)
            outs.append(r)
        o = jnp.stack(outs, 1)
        return (o * o).sum() + c.sum(), (o, c)

    (_, (o_ref, c_ref)), g_ref = jax.value_and_grad(ref, has_aux=True)(jnp.asarray(x))
    np.testing.assert_allclose(out.asnumpy(), o_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(c.asnumpy(), c_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(X.grad.asnumpy(), g_ref, rtol=1e-4, atol=1e-5)
    assert repr(cell) == "LSTMPCell(5 -> 24 -> 3)"
