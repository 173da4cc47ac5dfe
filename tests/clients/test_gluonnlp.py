"""GluonNLP through the mxnet alias (runs when gluonnlp is installed: pip install -e
".[clients]"): BERT (bert_12_768_12, small vocabulary), standard_lstm_lm_200 and a
transformer encoder compute MXNet 1.9.1's outputs and gradients given the same
parameters (tests/golden/clients_gluonnlp.npz, models in tests/clients_nlp_cases.py)."""
import pytest

import mxjax

mxjax.install_mxnet_alias()
nlp = pytest.importorskip("gluonnlp")

from clients_nlp_cases import build, fill, params_by_key, GRAD_PARAMS  # noqa: E402
from golden_utils import load, assert_matches  # noqa: E402

G = load("clients_gluonnlp")


def _flat(o, out):
    if isinstance(o, (list, tuple)):
        for x in o:
            _flat(x, out)
    else:
        out.append(o)
    return out


@pytest.mark.parametrize("hybridize", [False, True])
@pytest.mark.parametrize("case", sorted(G))
def test_matches_mxnet(case, hybridize):
    import mxnet as mx
    c = G[case]
    net, inputs, diff = build(mx, nlp, case)
    net.initialize()
    net(*inputs)
    assert ",".join(fill(mx, net)) == str(c["names"])
    if hybridize:
        net.hybridize()
    for i in diff:
        inputs[i].attach_grad()
    with mx.autograd.record(train_mode=False):  # no dropout
        out = net(*inputs)
    flat = _flat(out, [])
    mx.autograd.backward(flat, [mx.nd.array(c["head%d" % k]) for k in range(len(flat))])
    for k, o in enumerate(flat):
        assert_matches(o, c["out%d" % k], rtol=1e-4, atol=1e-5)
    for i in diff:
        assert_matches(inputs[i].grad, c["grad_in%d" % i], rtol=1e-4, atol=1e-5)
    params = params_by_key(net)
    for name in GRAD_PARAMS[case]:
        # float32 sums through 12 layers (BERT): tolerance relative to the largest entry
        g = c["grad:" + name]
        assert_matches(params[name].grad(), g, rtol=1e-4, atol=5e-5 * abs(g).max())


def test_label_smoothing_custom_operator():
    """GluonNLP's LabelSmoothing: with ``units`` it is plain arithmetic; without, it runs
    its mx.operator CustomOp (_smoothing_with_dim), whose ``__init__`` passes an argument
    to ``CustomOp.__init__`` - MXNet 1.9.1 fails there too, with an MXNetError."""
    import mxnet as mx
    import numpy as np
    x = mx.nd.array(np.eye(4, dtype=np.float32)[[0, 2]])
    ls = nlp.loss.LabelSmoothing(axis=-1, epsilon=0.1, units=4, sparse_label=False)
    np.testing.assert_allclose(ls(x).asnumpy(), 0.9 * x.asnumpy() + 0.1 / 4, rtol=1e-6)
    ls = nlp.loss.LabelSmoothing(axis=-1, epsilon=0.1, sparse_label=False)
    with pytest.raises(mx.base.MXNetError, match="_smoothing_with_dim"):
        ls(x).asnumpy()
