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


def _states_module():
    """The generator's states_module (tools/golden/rnn_legacy.py)."""
    N, T, C, H = 2, 3, 5, 4
    stack = mx.rnn.SequentialRNNCell()
    for i in range(2):
        stack.add(mx.rnn.LSTMCell(num_hidden=H, prefix="lstm_l%d_" % i))
    begin = stack.begin_state(func=mx.sym.Variable)
    _, states = stack.unroll(T, begin_state=begin, inputs=mx.sym.Variable("data"))
    mod = mx.mod.Module(mx.sym.Group(states), label_names=None,
                        state_names=[b.name for b in begin])
    mod.bind(data_shapes=[("data", (N, T, C))], label_shapes=None, for_training=False)
    rng = np.random.RandomState(1)
    shapes = dict(zip(mod.symbol.list_arguments(),
                      mod.symbol.infer_shape(data=(N, T, C))[0]))
    params = {n: mx.nd.array(rng.uniform(-0.5, 0.5, shapes[n]))
              for n in mod.symbol.list_arguments() if n.endswith(("weight", "bias"))}
    mod.init_params(arg_params=params)
    batch = mx.io.DataBatch(data=[mx.nd.array(rng.uniform(-1, 1, (N, T, C)))], label=[])
    return mod, batch


def test_module_states_match_mxnet():
    g = golden_utils.load("rnn_legacy")["states"]
    mod, batch = _states_module()
    assert mod.state_names == list(g["names"])
    # states are inputs, not parameters: no initializer, no optimizer, no gradient
    assert not any(n in mod.get_params()[0] for n in mod.state_names)
    stack = lambda arrs: np.stack([a.asnumpy() for a in arrs])  # noqa: E731
    golden_utils.assert_matches(stack(s[0] for s in mod.get_states(False)), g["initial"])
    mod.set_states(value=1)
    mod.forward(batch)
    out = mod.get_outputs(merge_multi_context=False)
    assert all(isinstance(o, list) and len(o) == 1 for o in out)
    golden_utils.assert_matches(stack(mod.get_outputs()), g["out1"], rtol=1e-4, atol=1e-5)
    mod.set_states(states=out)
    golden_utils.assert_matches(stack(mod.get_states()), g["states2"], rtol=1e-4, atol=1e-5)
    mod.forward(batch)
    golden_utils.assert_matches(stack(mod.get_outputs()), g["out2"], rtol=1e-4, atol=1e-5)
    mod.forward(batch)
    golden_utils.assert_matches(stack(mod.get_outputs()), g["out3"], rtol=1e-4, atol=1e-5)
    # a flat list of arrays works too
    mod.set_states(states=[mx.nd.zeros(s.shape) for s in mod.get_states()])
    assert all(float(s.abs().sum().asscalar()) == 0 for s in mod.get_states())


def test_module_states_errors():
    from mxjax.base import MXNetError
    import pytest
    mod, _ = _states_module()
    with pytest.raises(MXNetError, match="exactly one"):
        mod.set_states(states=mod.get_states(), value=1)
    with pytest.raises(MXNetError, match="exactly one"):
        mod.set_states()
    with pytest.raises(MXNetError, match="4 states"):
        mod.set_states(states=mod.get_states()[:1])
    with pytest.raises(MXNetError, match="has shape"):
        mod.set_states(states=[mx.nd.zeros((1, 1))] * 4)
    with pytest.raises(MXNetError, match="state name nope"):
        mx.mod.Module(_mlp(), state_names=["nope"])
    plain = mx.mod.Module(_mlp())
    with pytest.raises(MXNetError, match="bind"):
        plain.get_states()
    plain.bind([("data", (2, 4))], [("softmax_label", (2,))])
    plain.init_params()
    assert plain.get_states(merge_multi_context=False) == [] and plain.get_states() == []
    plain.set_states(value=None, states=[])
    plain.set_states(value=1)  # no states to fill (MXNet: no error either)


def test_forward_backward_is_forward_then_backward():
    """Module.forward_backward (one program) gives what forward + backward give: the
    outputs, every gradient, BatchNorm's moving statistics, the same Dropout mask."""
    data = mx.sym.var("data")
    h = mx.sym.FullyConnected(data, num_hidden=6, name="fc1")
    h = mx.sym.BatchNorm(h, fix_gamma=False, name="bn")
    h = mx.sym.Dropout(mx.sym.Activation(h, act_type="tanh"), p=0.5)
    net = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(h, num_hidden=3, name="fc2"),
                               name="softmax")
    rng = np.random.RandomState(0)
    batch = mx.io.DataBatch([mx.nd.array(rng.randn(5, 4))], [mx.nd.array([0, 1, 2, 1, 0])])
    results = []
    for fused in (True, False):
        mod = mx.mod.Module(net)
        mod.bind([("data", (5, 4))], [("softmax_label", (5,))])
        mx.random.seed(3)
        mod.init_params(mx.init.Xavier())
        mx.random.seed(7)
        if fused:
            mod.forward_backward(batch)
        else:
            mod.forward(batch, is_train=True)
            mod.backward()
        grads = {k: v.asnumpy() for k, v in mod._exec.grad_dict.items() if v is not None}
        results.append((mod.get_outputs()[0].asnumpy(), grads,
                        {k: v.asnumpy() for k, v in mod.get_params()[1].items()}))
    (o1, g1, a1), (o2, g2, a2) = results
    np.testing.assert_allclose(o1, o2, rtol=1e-6)
    assert sorted(g1) == sorted(g2) and len(g1) == 6
    for k in g1:
        np.testing.assert_allclose(g1[k], g2[k], rtol=1e-5, atol=1e-7)
    for k in a1:
        np.testing.assert_allclose(a1[k], a2[k], rtol=1e-6)
    assert not np.allclose(a1["bn_moving_mean"], 0)  # the statistics did move


def test_sparse_symbols_bind_sparse_arrays_and_update_lazily_as_mxnet():
    g = GOLDEN["sparse_dot"]
    x = mx.symbol.Variable("data", stype="csr")
    w = mx.symbol.Variable("weight", shape=(8, 3), init=mx.init.Constant(0.5),
                           stype="row_sparse")
    mod = mx.mod.Module(mx.symbol.sparse.dot(x, w), label_names=None)
    mod.bind(data_shapes=[("data", (6, 8))])
    mod.init_params()
    weight = mod.get_params()[0]["weight"]
    assert weight.stype == "row_sparse"
    golden_utils.assert_matches(weight, g["init:weight"])
    mod.init_optimizer(optimizer="sgd",
                       optimizer_params={"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01})
    batch = mx.io.DataBatch([mx.nd.array(g["x"]).tostype("csr")])
    for k in range(2):
        mod.forward(batch, is_train=True)
        golden_utils.assert_matches(mod.get_outputs()[0], g["out%d" % k], rtol=1e-5, atol=1e-6)
        mod.backward([mx.nd.ones((6, 3))])
        grad = mod._exec.grad_dict["weight"]
        assert grad.stype == str(g["stype:grad"])
        golden_utils.assert_matches(grad, g["grad%d" % k], rtol=1e-5, atol=1e-6)
        mod.update()
    final = mod.get_params()[0]["weight"]
    assert final.stype == str(g["stype:weight"])
    # rows 2, 3 and 5 had no gradient: MXNet's lazy update leaves them at 0.5
    golden_utils.assert_matches(final, g["final:weight"], rtol=1e-5, atol=1e-6)


def test_bind_rejects_unknown_storage_types():
    import pytest
    data = mx.sym.var("data")
    out = mx.sym.FullyConnected(data, num_hidden=2, name="fc")
    with pytest.raises(mx.MXNetError, match="unknown storage type 'dense' of data"):
        out.simple_bind(mx.cpu(), data=(3, 4), stype_dict={"data": "dense"})
    with pytest.raises(mx.MXNetError, match="nope is not an input"):
        out.simple_bind(mx.cpu(), data=(3, 4), stype_dict={"nope": "csr"})


def test_fit_on_csr_data_with_a_row_sparse_weight_matches_mxnet():
    g = GOLDEN["sparse_fit"]
    data = mx.sym.Variable("data", stype="csr")
    weight = mx.sym.Variable("weight", shape=(20, 2), stype="row_sparse",
                             init=mx.init.Constant(0.01))
    bias = mx.sym.Variable("bias", shape=(2,), init=mx.init.Zero())
    out = mx.sym.broadcast_add(mx.sym.sparse.dot(data, weight), bias)
    net = mx.sym.SoftmaxOutput(out, mx.sym.Variable("softmax_label"), name="softmax")
    it = mx.io.NDArrayIter(mx.nd.array(g["x"]).tostype("csr"), g["y"], batch_size=10,
                           last_batch_handle="discard")
    mod = mx.mod.Module(net, data_names=["data"], label_names=["softmax_label"])
    mod.fit(it, num_epoch=3, optimizer="sgd",
            optimizer_params={"learning_rate": 0.5, "momentum": 0.9}, eval_metric="acc")
    args, _ = mod.get_params()
    assert args["weight"].stype == str(g["stype:weight"])
    for k in ("weight", "bias"):
        golden_utils.assert_matches(args[k], g["final:" + k], rtol=1e-5, atol=1e-6)
    assert abs(mod.score(it, "acc")[0][1] - float(g["acc"])) < 1e-9
