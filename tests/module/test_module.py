"""mx.mod.Module against real MXNet 1.9.1 (tools/golden/module.py)."""
import os

import numpy as np

import mxjax as mx
import golden_utils

GOLDEN = golden_utils.load("module")


def _mlp():
    data = mx.sym.var("data")
    h = mx.sym.FullyConnected(data, num_hidden=8, name="fc1")
    h = mx.sym.Activation(h, act_type="relu", name="relu1")
    h = mx.sym.FullyConnected(h, num_hidden=3, name="fc2")
    return mx.sym.SoftmaxOutput(h, name="softmax")


def test_fit_score_predict_match_mxnet(tmp_path):
    g = GOLDEN["mlp_sgd"]
    it = mx.io.NDArrayIter(g["x"], g["y"], batch_size=8, shuffle=False)
    mod = mx.mod.Module(_mlp())
    init = {k[5:]: mx.nd.array(v) for k, v in g.items() if k.startswith("init:")}
    mod.fit(it, num_epoch=5, optimizer="sgd",
            optimizer_params={"learning_rate": 0.5, "momentum": 0.9}, arg_params=init,
            eval_metric="acc")
    args, _ = mod.get_params()
    for k, v in args.items():
        golden_utils.assert_matches(v, g["final:" + k], rtol=1e-4, atol=1e-5)
    assert abs(mod.score(it, "acc")[0][1] - float(g["acc"])) < 1e-6
    golden_utils.assert_matches(mod.predict(it), g["predict"], rtol=1e-4, atol=1e-5)
    # checkpoint round trip
    prefix = os.path.join(str(tmp_path), "mlp")
    mod.save_checkpoint(prefix, 5)
    sym, arg_params, aux_params = mx.model.load_checkpoint(prefix, 5)
    assert sym.list_arguments() == _mlp().list_arguments()
    loaded = mx.mod.Module.load(prefix, 5)
    loaded.bind(it.provide_data, it.provide_label, for_training=False)
    golden_utils.assert_matches(loaded.predict(it), g["predict"], rtol=1e-4, atol=1e-5)


def test_linear_regression_output_one_epoch_matches_mxnet():
    g = GOLDEN["lro_sgd"]
    data = mx.sym.var("data")
    out = mx.sym.LinearRegressionOutput(mx.sym.FullyConnected(data, num_hidden=1, name="fc"),
                                        name="lro")
    it = mx.io.NDArrayIter(g["x"], g["t"], batch_size=6, shuffle=False,
                           label_name="lro_label")
    mod = mx.mod.Module(out, label_names=("lro_label",))
    init = {k[5:]: mx.nd.array(v) for k, v in g.items() if k.startswith("init:")}
    mod.fit(it, num_epoch=1, optimizer="sgd", optimizer_params={"learning_rate": 0.1},
            arg_params=init, eval_metric="mse")
    args, _ = mod.get_params()
    for k, v in args.items():
        golden_utils.assert_matches(v, g["final:" + k], rtol=1e-4, atol=1e-5)
