"""mx.mod.PythonModule / PythonLossModule against real MXNet 1.9.1
(tools/golden/module_bucketing.py, case python_loss)."""
import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
import golden_utils

GOLDEN = golden_utils.load("module_bucketing")


def _chain(grad_func):
    h = mx.sym.Activation(mx.sym.FullyConnected(mx.sym.var("data"), num_hidden=8,
                                                name="fc1"), act_type="relu")
    scores = mx.sym.FullyConnected(h, num_hidden=3, name="fc2")
    seq = mx.mod.SequentialModule()
    seq.add(mx.mod.Module(scores, label_names=None))
    seq.add(mx.mod.PythonLossModule(grad_func=grad_func), take_labels=True, auto_wiring=True)
    return seq


def test_python_loss_in_a_chain_matches_mxnet():
    g = GOLDEN["python_loss"]
    it = mx.io.NDArrayIter(g["x"], g["y"], batch_size=4, shuffle=False)
    seq = _chain(lambda s, l: mx.nd.softmax(s) - mx.nd.one_hot(l, 3))
    init = {k[5:]: mx.nd.array(v) for k, v in g.items() if k.startswith("init:")}
    seq.fit(it, num_epoch=3, optimizer="sgd", optimizer_params={"learning_rate": 0.5},
            arg_params=init, eval_metric="acc")
    args, _ = seq.get_params()
    for k, v in args.items():
        golden_utils.assert_matches(v, g["final:" + k], rtol=1e-4, atol=1e-5)
    golden_utils.assert_matches(seq.predict(it), g["predict"], rtol=1e-4, atol=1e-5)


def test_python_loss_module_interface():
    loss = mx.mod.PythonLossModule(grad_func=lambda s, l: np.ones(s.shape) * 2)
    assert loss.output_names == ["pyloss_output"] and loss.get_params() == ({}, {})
    loss.bind([("data", (2, 3))], [("softmax_label", (2,))])
    assert loss.output_shapes == [("pyloss_output", (2, 3))]
    scores = mx.nd.ones((2, 3))
    loss.forward(mx.io.DataBatch([scores], [mx.nd.zeros((2,))]), is_train=True)
    assert loss.get_outputs()[0] is scores
    loss.backward()
    np.testing.assert_array_equal(loss.get_input_grads()[0].asnumpy(), 2 * np.ones((2, 3)))
    with pytest.raises(MXNetError, match="out_grads should be None"):
        loss.backward([scores])
    with pytest.raises(MXNetError, match="data names"):
        mx.mod.PythonLossModule().bind([("x", (2, 3))])
    with pytest.raises(NotImplementedError):
        nograd = mx.mod.PythonLossModule()
        nograd.bind([("data", (2, 3))], [("softmax_label", (2,))])
        nograd.forward(mx.io.DataBatch([scores], [mx.nd.zeros((2,))]), is_train=True)
        nograd.backward()
    with pytest.raises(NotImplementedError, match="_compute_output_shapes"):
        mx.mod.PythonModule(["data"], None, ["out"]).bind([("data", (2, 3))])
