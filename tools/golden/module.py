"""Golden fixtures for mx.mod.Module, from real MXNet 1.9.1.

    ~/.mxref/bin/python tools/golden/module.py

Writes ``tests/golden/module.npz``: an MLP with a SoftmaxOutput head trained by
``Module.fit`` (SGD with momentum, fixed initial parameters, no shuffling) — the
parameters after training, the training accuracy, and ``predict`` outputs; and a
LinearRegressionOutput model after one epoch; and a sparse model (``sym.sparse.dot`` of CSR
data and a row_sparse weight): two forward/backward/update rounds of SGD with momentum, whose
lazy update leaves the rows without a gradient unchanged; and ``Module.fit`` of a sparse
linear classifier over an ``NDArrayIter`` of CSR data.
"""
import numpy as np
import mxnet as mx

from common import save


def mlp():
    data = mx.sym.var("data")
    h = mx.sym.FullyConnected(data, num_hidden=8, name="fc1")
    h = mx.sym.Activation(h, act_type="relu", name="relu1")
    h = mx.sym.FullyConnected(h, num_hidden=3, name="fc2")
    return mx.sym.SoftmaxOutput(h, name="softmax")


def main():
    rng = np.random.RandomState(0)
    cases = {}
    x = rng.uniform(-1, 1, (24, 5)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.float32) + (x[:, 1] > 0.5).astype(np.float32)
    init = {"fc1_weight": rng.normal(0, 0.5, (8, 5)), "fc1_bias": np.zeros(8),
            "fc2_weight": rng.normal(0, 0.5, (3, 8)), "fc2_bias": np.zeros(3)}
    it = mx.io.NDArrayIter(x, y, batch_size=8, shuffle=False)
    mod = mx.mod.Module(mlp())
    mod.fit(it, num_epoch=5, optimizer="sgd",
            optimizer_params={"learning_rate": 0.5, "momentum": 0.9},
            arg_params={k: mx.nd.array(v) for k, v in init.items()}, eval_metric="acc")
    args, _ = mod.get_params()
    fields = {"x": x, "y": y, "acc": np.array(mod.score(it, "acc")[0][1]),
              "predict": mod.predict(it).asnumpy()}
    fields.update({"init:" + k: v.astype(np.float32) for k, v in init.items()})
    fields.update({"final:" + k: v.asnumpy() for k, v in args.items()})
    cases["mlp_sgd"] = fields
    # LinearRegressionOutput, plain SGD, one epoch
    data = mx.sym.var("data")
    out = mx.sym.LinearRegressionOutput(mx.sym.FullyConnected(data, num_hidden=1, name="fc"),
                                        name="lro")
    t = (x @ np.arange(5, dtype=np.float32)).reshape(-1, 1)
    it = mx.io.NDArrayIter(x, t, batch_size=6, shuffle=False, label_name="lro_label")
    mod = mx.mod.Module(out, label_names=("lro_label",))
    w0 = {"fc_weight": rng.normal(0, 0.1, (1, 5)).astype(np.float32),
          "fc_bias": np.zeros(1, np.float32)}
    mod.fit(it, num_epoch=1, optimizer="sgd", optimizer_params={"learning_rate": 0.1},
            arg_params={k: mx.nd.array(v) for k, v in w0.items()}, eval_metric="mse")
    args, _ = mod.get_params()
    fields = {"x": x, "t": t}
    fields.update({"init:" + k: v for k, v in w0.items()})
    fields.update({"final:" + k: v.asnumpy() for k, v in args.items()})
    cases["lro_sgd"] = fields
    cases["sparse_dot"] = sparse_dot()
    cases["sparse_fit"] = sparse_fit()
    save("module", cases)


def sparse_dot():
    rng = np.random.RandomState(3)
    dense = rng.uniform(0, 1, (6, 8)).astype(np.float32)
    dense[dense < 0.6] = 0
    dense[:, [2, 5]] = 0  # weight rows 2 and 5 get no gradient
    x = mx.symbol.Variable("data", stype="csr")
    w = mx.symbol.Variable("weight", shape=(8, 3), init=mx.init.Constant(0.5),
                           stype="row_sparse")
    mod = mx.mod.Module(mx.symbol.sparse.dot(x, w), label_names=None)
    mod.bind(data_shapes=[("data", (6, 8))])
    mod.init_params()
    fields = {"x": dense, "init:weight": mod.get_params()[0]["weight"].asnumpy()}
    mod.init_optimizer(optimizer="sgd",
                       optimizer_params={"learning_rate": 0.1, "momentum": 0.9, "wd": 0.01})
    batch = mx.io.DataBatch([mx.nd.array(dense).tostype("csr")])
    for k in range(2):
        mod.forward(batch, is_train=True)
        fields["out%d" % k] = mod.get_outputs()[0].asnumpy()
        mod.backward([mx.nd.ones((6, 3))])
        grad = mod._exec_group.grad_arrays[0][0]
        fields["grad%d" % k] = grad.asnumpy()
        mod.update()
    args, _ = mod.get_params()
    fields["final:weight"] = args["weight"].asnumpy()
    fields["stype:weight"] = np.array(args["weight"].stype)
    fields["stype:grad"] = np.array(grad.stype)
    return fields



def sparse_fit():
    """A linear classifier on CSR data with a row_sparse weight, trained by Module.fit."""
    import scipy.sparse as sps
    rng = np.random.RandomState(0)
    x = sps.random(40, 20, density=0.2, random_state=rng, format="csr", dtype=np.float32)
    w_true = rng.randn(20).astype(np.float32)
    y = (x @ w_true > 0).astype(np.float32)
    data = mx.sym.Variable("data", stype="csr")
    weight = mx.sym.Variable("weight", shape=(20, 2), stype="row_sparse",
                             init=mx.init.Constant(0.01))
    bias = mx.sym.Variable("bias", shape=(2,), init=mx.init.Zero())
    out = mx.sym.broadcast_add(mx.sym.sparse.dot(data, weight), bias)
    net = mx.sym.SoftmaxOutput(out, mx.sym.Variable("softmax_label"), name="softmax")
    it = mx.io.NDArrayIter(mx.nd.sparse.csr_matrix(x), y, batch_size=10,
                           last_batch_handle="discard")
    mod = mx.mod.Module(net, data_names=["data"], label_names=["softmax_label"])
    mod.fit(it, num_epoch=3, optimizer="sgd",
            optimizer_params={"learning_rate": 0.5, "momentum": 0.9}, eval_metric="acc")
    args, _ = mod.get_params()
    return {"x": x.toarray(), "y": y, "acc": np.array(mod.score(it, "acc")[0][1]),
            "final:weight": args["weight"].asnumpy(), "final:bias": args["bias"].asnumpy(),
            "stype:weight": np.array(args["weight"].stype)}


if __name__ == "__main__":
    main()
