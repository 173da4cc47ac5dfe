"""mx.mod.SequentialModule against real MXNet 1.9.1 (tools/golden/module_bucketing.py)."""
import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
import golden_utils

GOLDEN = golden_utils.load("module_bucketing")


def _build():
    net1 = mx.sym.Activation(mx.sym.FullyConnected(mx.sym.var("data"), num_hidden=8,
                                                   name="fc1"), act_type="relu")
    net2 = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(mx.sym.var("hidden"), num_hidden=3,
                                                      name="fc2"), name="softmax")
    seq = mx.mod.SequentialModule()
    seq.add(mx.mod.Module(net1, label_names=None))
    seq.add(mx.mod.Module(net2, data_names=("hidden",)), take_labels=True, auto_wiring=True)
    return seq


def _init(g):
    return {k[5:]: mx.nd.array(v) for k, v in g.items() if k.startswith("init:")}


def test_fit_predict_score_match_mxnet():
    g = GOLDEN["sequential"]
    it = mx.io.NDArrayIter(g["x"], g["y"], batch_size=4, shuffle=False)
    seq = _build()
    seq.fit(it, num_epoch=4, optimizer="sgd",
            optimizer_params={"learning_rate": 0.3, "momentum": 0.9}, arg_params=_init(g),
            eval_metric="acc")
    args, _ = seq.get_params()
    assert sorted(args) == sorted(k[6:] for k in g if k.startswith("final:"))
    for k, v in args.items():
        golden_utils.assert_matches(v, g["final:" + k], rtol=1e-4, atol=1e-5)
    golden_utils.assert_matches(seq.predict(it), g["predict"], rtol=1e-4, atol=1e-5)
    assert abs(seq.score(it, "acc")[0][1] - float(g["acc"])) < 1e-6


def test_input_grads_through_the_chain_match_mxnet():
    g = GOLDEN["sequential"]
    it = mx.io.NDArrayIter(g["x"], g["y"], batch_size=4, shuffle=False)
    seq = _build()
    seq.bind(it.provide_data, it.provide_label, for_training=True, inputs_need_grad=True)
    seq.init_params(arg_params=_init(g))
    seq.forward_backward(next(iter(it)))
    golden_utils.assert_matches(seq.get_input_grads()[0], g["input_grad"], rtol=1e-4,
                                atol=1e-6)


def test_bind_wires_shapes_and_labels():
    seq = _build()
    assert seq.data_names == ["data"] and seq.output_names == ["softmax_output"]
    seq.bind([("data", (4, 5))], [("softmax_label", (4,))])
    assert seq.output_shapes == [("softmax_output", (4, 3))]
    assert [d.name for d in seq._modules[1].data_shapes] == ["hidden"]
    assert seq.label_shapes == [("softmax_label", (4,))]
    # the second module needs its input gradient when training
    assert seq._modules[1].inputs_need_grad and not seq._modules[0].inputs_need_grad
    # nobody takes labels: none are kept
    plain = mx.mod.SequentialModule().add(mx.mod.Module(mx.sym.var("data") * 2,
                                                        label_names=None))
    plain.bind([("data", (2, 3))], [("softmax_label", (2,))])
    assert plain.label_shapes is None


def test_errors():
    with pytest.raises(MXNetError, match="typo"):
        mx.mod.SequentialModule().add(mx.mod.Module(mx.sym.var("data") * 2), take_label=True)
    with pytest.raises(MXNetError, match="empty"):
        mx.mod.SequentialModule().bind([("data", (2, 3))])
    seq = _build()
    with pytest.raises(MXNetError, match="bind"):
        seq.init_params()
    # duplicated parameter names across modules
    a = mx.sym.FullyConnected(mx.sym.var("data"), num_hidden=3, name="fc")
    b = mx.sym.FullyConnected(mx.sym.var("data"), num_hidden=3, name="fc")  # same names
    dup = mx.mod.SequentialModule().add(mx.mod.Module(a, label_names=None))
    dup.add(mx.mod.Module(b, label_names=None), auto_wiring=True)
    dup.bind([("data", (2, 3))], for_training=False)
    with pytest.raises(MXNetError, match='Duplicated parameter names: name "fc_weight"'):
        dup.init_params()
