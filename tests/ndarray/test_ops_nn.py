"""Neural-network operators of mx.nd against MXNet 1.9.1 (tests/golden/nn.npz)."""
import numpy as np
import pytest

from mxjax import nd, autograd
from mxjax.base import MXNetError
from golden_utils import load, assert_matches
from nnops_golden import replay, meta

G = load("nn")

# every operator name covered by the golden cases below
COVERED = ("FullyConnected", "Activation", "LeakyReLU", "softmax", "log_softmax", "softmin",
           "SoftmaxActivation", "SoftmaxOutput", "Softmax", "LinearRegressionOutput",
           "LogisticRegressionOutput", "MAERegressionOutput", "SVMOutput", "MakeLoss",
           "make_loss", "BlockGrad", "stop_gradient", "Embedding", "Dropout",
           "softmax_cross_entropy")


def test_every_name_has_golden_cases():
    ops = {meta(c)["op"] for c in G.values()}
    assert set(COVERED) <= ops


@pytest.mark.parametrize("case", sorted(G))
def test_golden(case):
    replay(G[case])


# -- positional calls (inputs first, then attributes in MXNet's order) -------------


def test_positional_arguments():
    c = G["log_softmax_axis0"]
    assert_matches(nd.log_softmax(nd.array(c["in_data"]), 0, 3.0), c["out0"])
    c = G["FullyConnected_flatten"]
    out = nd.FullyConnected(nd.array(c["in_data"]), nd.array(c["in_weight"]),
                            nd.array(c["in_bias"]), 4)
    assert_matches(out, c["out0"])
    c = G["LeakyReLU_prelu"]
    assert_matches(nd.LeakyReLU(nd.array(c["in_data"]), nd.array(c["in_gamma"]), "prelu"),
                   c["out0"])


# -- Dropout: the mask is random, so test its statistics and its reuse in backward --


def test_dropout_statistics_and_mask_reuse():
    p = 0.3
    x = nd.ones((200, 50))
    x.attach_grad()
    with autograd.record():
        y = nd.Dropout(x, p=p)
    y.backward(nd.ones((200, 50)) * 2)
    yv = y.asnumpy()
    dropped = (yv == 0).mean()
    assert abs(dropped - p) < 0.03
    np.testing.assert_allclose(yv[yv != 0], 1 / (1 - p), rtol=1e-6)
    # the gradient uses the forward's mask
    np.testing.assert_allclose(x.grad.asnumpy(), 2 * yv, rtol=1e-6)


def test_dropout_identity_outside_training():
    x = nd.array(np.arange(12, dtype="float32").reshape(3, 4))
    assert_matches(nd.Dropout(x, p=0.5), x.asnumpy())
    with autograd.record(train_mode=False):
        y = nd.Dropout(x, p=0.5)
    assert_matches(y, x.asnumpy())
    # mode='always' drops even outside training
    y = nd.Dropout(nd.ones((100, 100)), p=0.5, mode="always").asnumpy()
    assert 0.4 < (y == 0).mean() < 0.6
    with autograd.train_mode():
        y = nd.Dropout(nd.ones((100, 100)), p=0.5).asnumpy()
    assert 0.4 < (y == 0).mean() < 0.6


def test_dropout_axes_share_mask():
    with autograd.record():
        y = nd.Dropout(nd.ones((4, 50, 6)), p=0.5, axes=(1,))
    yv = y.asnumpy()
    assert np.all(yv == yv[:, :1, :])
    assert 0 < (yv == 0).mean() < 1
    with autograd.record():
        a = nd.Dropout(nd.ones((1000,)), p=0.5)
        b = nd.Dropout(nd.ones((1000,)), p=0.5)
    assert not np.array_equal(a.asnumpy(), b.asnumpy())


def test_rrelu_training_draws_slopes():
    lo, hi = 0.2, 0.4
    x = nd.array(-np.abs(np.random.RandomState(0).randn(50, 40)).astype("float32") - 0.1)
    x.attach_grad()
    with autograd.record():
        out, mask = nd.LeakyReLU(x, act_type="rrelu", lower_bound=lo, upper_bound=hi)
    head = np.random.RandomState(1).randn(50, 40).astype("float32")
    out.backward(nd.array(head))
    m = mask.asnumpy()
    assert m.min() >= lo and m.max() < hi and m.std() > 0.03
    np.testing.assert_allclose(out.asnumpy(), m * x.asnumpy(), rtol=1e-6)
    np.testing.assert_allclose(x.grad.asnumpy(), m * head, rtol=1e-6)
    # outside training: the mean slope, and its gradient
    x.attach_grad()
    with autograd.record(train_mode=False):
        out, mask = nd.LeakyReLU(x, act_type="rrelu", lower_bound=lo, upper_bound=hi)
    out.backward(nd.array(head))
    np.testing.assert_allclose(x.grad.asnumpy(), 0.3 * head, rtol=1e-6)
    assert np.all(mask.asnumpy() == 0)


# -- errors --------------------------------------------------------------------


def test_errors():
    x = nd.ones((2, 3, 4))
    with pytest.raises(MXNetError, match="Activation"):
        nd.Activation(x, act_type="log_sigmoid")
    with pytest.raises(MXNetError, match="LeakyReLU"):
        nd.LeakyReLU(x, act_type="prelu")
    with pytest.raises(MXNetError, match=r"Cannot broadcast gamma.*\(4\)"):
        nd.LeakyReLU(x, nd.ones((4,)), act_type="prelu")
    with pytest.raises(MXNetError, match="LeakyReLU"):
        nd.LeakyReLU(x, act_type="swish")
    with pytest.raises(MXNetError, match=r"FullyConnected.*\(5,12\)"):
        nd.FullyConnected(x, nd.ones((5, 3)), nd.ones((5,)), num_hidden=5)
    with pytest.raises(MXNetError, match="FullyConnected"):
        nd.FullyConnected(x, nd.ones((5, 12)), num_hidden=5)
    with pytest.raises(MXNetError, match="softmax"):
        nd.softmax(x, use_length=True)
    with pytest.raises(MXNetError, match="softmax"):
        nd.softmax(x, nd.ones((2, 4), dtype="int32"), use_length=True)
    with pytest.raises(MXNetError, match="log_softmax"):
        nd.log_softmax(x, use_length=True)
    with pytest.raises(MXNetError, match="axis"):
        nd.softmax(x, axis=3)
    with pytest.raises(MXNetError, match="SoftmaxOutput"):
        nd.SoftmaxOutput(nd.ones((4, 5)), nd.ones((3,)))
    with pytest.raises(MXNetError, match="LinearRegressionOutput"):
        nd.LinearRegressionOutput(nd.ones((4, 5)), nd.ones((5, 4)))
    with pytest.raises(MXNetError, match="Embedding"):
        nd.Embedding(nd.ones((3,)), nd.ones((4, 3)), input_dim=5, output_dim=3)
    with pytest.raises(MXNetError, match="Dropout"):
        nd.Dropout(x, p=0.5, mode="sometimes")
    with pytest.raises(MXNetError, match="MakeLoss"):
        nd.MakeLoss(x, normalization="all")
    with pytest.raises(MXNetError, match="SoftmaxActivation"):
        nd.SoftmaxActivation(x, mode="pixel")


def test_embedding_scatter_adds_repeated_rows():
    w = nd.array(np.arange(15, dtype="float32").reshape(5, 3))
    w.attach_grad()
    with autograd.record():
        y = nd.Embedding(nd.array([1, 1, 4, 1]), w, input_dim=5, output_dim=3)
    y.backward(nd.ones((4, 3)))
    expected = np.zeros((5, 3), "float32")
    expected[1] = 3
    expected[4] = 1
    assert_matches(w.grad, expected)


def test_sparse_embedding_is_embedding():
    # MXNet 1.9.1's contrib.SparseEmbedding takes Embedding's arguments and gives its values
    import mxjax as mx
    w = nd.array(np.arange(15, dtype="float32").reshape(5, 3))
    idx = nd.array([1, 1, 4, 1])
    y = mx.nd.contrib.SparseEmbedding(idx, w, input_dim=5, output_dim=3)
    assert_matches(y, nd.Embedding(idx, w, input_dim=5, output_dim=3))
    s = mx.sym.contrib.SparseEmbedding(mx.sym.var("d"), mx.sym.var("w"), input_dim=5,
                                       output_dim=3)
    assert s.infer_shape(d=(4,))[0] == [(4,), (5, 3)]


def test_square_sum_values_and_gradient():
    # the kernel of nd.sparse.square_sum (MXNet's _square_sum); gradient 2x
    x = nd.array([[1, 2], [3, -4]])
    x.attach_grad()
    with autograd.record():
        y = nd._internal._square_sum(x, axis=1, keepdims=True)
    y.backward()
    assert_matches(y, np.array([[5], [25]], "float32"))
    assert_matches(x.grad, 2 * x.asnumpy())
    assert_matches(nd._internal._square_sum(x), np.array([30], "float32"))


def test_fully_connected_1d_data_is_a_batch_of_rows():
    # MXNet 1.9.1: FullyConnected(array([1, 2, 3]), ones((2, 1)), zeros(2), num_hidden=2)
    # has shape (3, 2) (flatten: (n,) -> (n, 1)); weight (2, 3) is a shape error there.
    import mxjax as mx
    x = mx.nd.array([1, 2, 3])
    out = mx.nd.FullyConnected(x, mx.nd.ones((2, 1)), mx.nd.zeros(2), num_hidden=2)
    assert out.shape == (3, 2)
    assert out.asnumpy().tolist() == [[1, 1], [2, 2], [3, 3]]
    with pytest.raises(mx.MXNetError):
        mx.nd.FullyConnected(x, mx.nd.ones((2, 3)), mx.nd.zeros(2), num_hidden=2)
    out = mx.nd.FullyConnected(x, mx.nd.ones((2, 3)), mx.nd.zeros(2), num_hidden=2,
                               flatten=False)
    assert out.shape == (2,)
    net = mx.gluon.nn.Dense(2)  # MXNet's test_thread_local.test_createblock
    net.initialize()
    assert net(x).shape == (3, 2)
