"""Golden fixtures for mx.mod.BucketingModule and mx.mod.SequentialModule, from real
MXNet 1.9.1.

    ~/.mxref/bin/python tools/golden/module_bucketing.py

Writes ``tests/golden/module_bucketing.npz``:

* ``bucketing``: an unrolled tanh RNN (Embedding, shared i2h/h2h/pred weights, a
  BatchNorm over all steps' states, SoftmaxOutput per step) generated per sequence
  length by ``sym_gen``; ``BucketingModule.fit`` over batches of lengths 5 and 3 (SGD
  with momentum, fixed initial parameters): the parameters and aux states after
  training, per-batch ``predict`` outputs and the accuracy ``score``.
* ``sequential``: an MLP split in two Modules chained by ``SequentialModule`` (the
  second with ``take_labels`` and ``auto_wiring``), trained by ``fit``; the final
  parameters, ``predict`` and the data gradient from ``get_input_grads``.
* ``python_loss``: a Module of scores chained with a ``PythonLossModule`` whose
  gradient (softmax minus one-hot) is Python code; parameters after ``fit``.

The data iterator is written the same way in the test (tests/module/).
"""
import numpy as np
import mxnet as mx

from common import save

VOCAB, EMBED, HIDDEN, CLASSES, BATCH = 7, 4, 6, 3, 4
KEYS = [5, 3, 5, 3, 3, 5]


def sym_gen(seq_len):
    data = mx.sym.var("data")
    label = mx.sym.var("softmax_label")
    emb = mx.sym.Embedding(data, input_dim=VOCAB, output_dim=EMBED, name="embed")
    steps = mx.sym.split(emb, num_outputs=seq_len, axis=1, squeeze_axis=True)
    wi, bi = mx.sym.var("i2h_weight"), mx.sym.var("i2h_bias")
    wh, bh = mx.sym.var("h2h_weight"), mx.sym.var("h2h_bias")
    h, states = None, []
    for t in range(seq_len):
        x = mx.sym.FullyConnected(steps[t], weight=wi, bias=bi, num_hidden=HIDDEN,
                                  name="t%d_i2h" % t)
        if h is not None:
            x = x + mx.sym.FullyConnected(h, weight=wh, bias=bh, num_hidden=HIDDEN,
                                          name="t%d_h2h" % t)
        h = mx.sym.Activation(x, act_type="tanh", name="t%d_tanh" % t)
        states.append(mx.sym.expand_dims(h, axis=1))
    hs = mx.sym.reshape(mx.sym.concat(*states, dim=1), shape=(-1, HIDDEN))
    hs = mx.sym.BatchNorm(hs, name="bn", fix_gamma=False)
    pred = mx.sym.FullyConnected(hs, num_hidden=CLASSES, name="pred")
    out = mx.sym.SoftmaxOutput(pred, mx.sym.reshape(label, shape=(-1,)), name="softmax")
    return out, ("data",), ("softmax_label",)


class BucketIter(mx.io.DataIter):
    """Fixed batches, one bucket key (sequence length) each, default bucket 5."""

    def __init__(self, xs, ys):
        super().__init__(BATCH)
        self.xs, self.ys, self.i = xs, ys, 0
        self.default_bucket_key = max(KEYS)

    @property
    def provide_data(self):
        return [mx.io.DataDesc("data", (BATCH, self.default_bucket_key))]

    @property
    def provide_label(self):
        return [mx.io.DataDesc("softmax_label", (BATCH, self.default_bucket_key))]

    def reset(self):
        self.i = 0

    def next(self):
        if self.i == len(self.xs):
            raise StopIteration
        x, y = self.xs[self.i], self.ys[self.i]
        self.i += 1
        return mx.io.DataBatch([mx.nd.array(x)], [mx.nd.array(y)], pad=0,
                               bucket_key=x.shape[1],
                               provide_data=[mx.io.DataDesc("data", x.shape)],
                               provide_label=[mx.io.DataDesc("softmax_label", y.shape)])


def bucket_data(rng):
    xs, ys = [], []
    for t in KEYS:
        x = rng.randint(0, VOCAB, (BATCH, t)).astype(np.float32)
        xs.append(x)
        ys.append((x % CLASSES).astype(np.float32))  # learnable: class of the token
    return xs, ys


def bucket_init(rng):
    return {"embed_weight": rng.normal(0, 0.5, (VOCAB, EMBED)),
            "i2h_weight": rng.normal(0, 0.5, (HIDDEN, EMBED)), "i2h_bias": np.zeros(HIDDEN),
            "h2h_weight": rng.normal(0, 0.5, (HIDDEN, HIDDEN)), "h2h_bias": np.zeros(HIDDEN),
            "bn_gamma": np.ones(HIDDEN), "bn_beta": np.zeros(HIDDEN),
            "pred_weight": rng.normal(0, 0.5, (CLASSES, HIDDEN)),
            "pred_bias": np.zeros(CLASSES)}


def bucketing():
    rng = np.random.RandomState(3)
    xs, ys = bucket_data(rng)
    init = {k: v.astype(np.float32) for k, v in bucket_init(rng).items()}
    it = BucketIter(xs, ys)
    mod = mx.mod.BucketingModule(sym_gen, default_bucket_key=it.default_bucket_key)
    mod.fit(it, num_epoch=3, optimizer="sgd",
            optimizer_params={"learning_rate": 0.2, "momentum": 0.9},
            arg_params={k: mx.nd.array(v) for k, v in init.items()},
            aux_params={"bn_moving_mean": mx.nd.zeros(HIDDEN),
                        "bn_moving_var": mx.nd.ones(HIDDEN)},
            eval_metric="acc")
    args, auxs = mod.get_params()
    fields = {"x%d" % i: x for i, x in enumerate(xs)}
    fields.update({"y%d" % i: y for i, y in enumerate(ys)})
    fields.update({"init:" + k: v for k, v in init.items()})
    fields.update({"final:" + k: v.asnumpy() for k, v in args.items()})
    fields.update({"aux:" + k: v.asnumpy() for k, v in auxs.items()})
    preds = mod.predict(it, merge_batches=False)
    fields.update({"predict%d" % i: p[0].asnumpy() for i, p in enumerate(preds)})
    fields["acc"] = np.array(mod.score(it, "acc")[0][1])
    fields["buckets"] = np.array(sorted(mod._buckets.keys()))
    return fields


def sequential():
    rng = np.random.RandomState(4)
    x = rng.uniform(-1, 1, (12, 5)).astype(np.float32)
    y = ((x[:, 0] > 0).astype(np.float32) + (x[:, 2] > 0.3)).astype(np.float32)
    init = {"fc1_weight": rng.normal(0, 0.5, (8, 5)), "fc1_bias": np.zeros(8),
            "fc2_weight": rng.normal(0, 0.5, (3, 8)), "fc2_bias": np.zeros(3)}
    init = {k: v.astype(np.float32) for k, v in init.items()}

    def build():
        net1 = mx.sym.Activation(mx.sym.FullyConnected(mx.sym.var("data"), num_hidden=8,
                                                       name="fc1"), act_type="relu")
        net2 = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(mx.sym.var("hidden"), num_hidden=3,
                                                          name="fc2"), name="softmax")
        seq = mx.mod.SequentialModule()
        seq.add(mx.mod.Module(net1, label_names=None))
        seq.add(mx.mod.Module(net2, data_names=("hidden",)), take_labels=True,
                auto_wiring=True)
        return seq

    it = mx.io.NDArrayIter(x, y, batch_size=4, shuffle=False)
    seq = build()
    seq.fit(it, num_epoch=4, optimizer="sgd",
            optimizer_params={"learning_rate": 0.3, "momentum": 0.9},
            arg_params={k: mx.nd.array(v) for k, v in init.items()}, eval_metric="acc")
    args, _ = seq.get_params()
    fields = {"x": x, "y": y, "predict": seq.predict(it).asnumpy(),
              "acc": np.array(seq.score(it, "acc")[0][1])}
    fields.update({"init:" + k: v for k, v in init.items()})
    fields.update({"final:" + k: v.asnumpy() for k, v in args.items()})
    # data gradient through the chain, from the initial parameters
    seq = build()
    seq.bind(it.provide_data, it.provide_label, for_training=True, inputs_need_grad=True)
    seq.init_params(arg_params={k: mx.nd.array(v) for k, v in init.items()})
    it.reset()
    seq.forward_backward(next(it))
    # (MXNet's SequentialModule never sets its own inputs_need_grad, so its
    # get_input_grads asserts; the first module's is the same array)
    fields["input_grad"] = seq._modules[0].get_input_grads()[0].asnumpy()
    return fields


def python_loss():
    """A Module of raw scores chained with a PythonLossModule (softmax cross-entropy
    gradient written in Python)."""
    rng = np.random.RandomState(5)
    x = rng.uniform(-1, 1, (12, 5)).astype(np.float32)
    y = (x[:, 1] > 0).astype(np.float32) + (x[:, 3] > 0.4)
    init = {"fc1_weight": rng.normal(0, 0.5, (8, 5)), "fc1_bias": np.zeros(8),
            "fc2_weight": rng.normal(0, 0.5, (3, 8)), "fc2_bias": np.zeros(3)}
    init = {k: v.astype(np.float32) for k, v in init.items()}
    h = mx.sym.Activation(mx.sym.FullyConnected(mx.sym.var("data"), num_hidden=8,
                                                name="fc1"), act_type="relu")
    scores = mx.sym.FullyConnected(h, num_hidden=3, name="fc2")
    seq = mx.mod.SequentialModule()
    seq.add(mx.mod.Module(scores, label_names=None))
    seq.add(mx.mod.PythonLossModule(grad_func=lambda s, l: mx.nd.softmax(s) -
                                    mx.nd.one_hot(l, 3)), take_labels=True, auto_wiring=True)
    it = mx.io.NDArrayIter(x, y, batch_size=4, shuffle=False)
    seq.fit(it, num_epoch=3, optimizer="sgd", optimizer_params={"learning_rate": 0.5},
            arg_params={k: mx.nd.array(v) for k, v in init.items()}, eval_metric="acc")
    args, _ = seq.get_params()
    fields = {"x": x, "y": y, "predict": seq.predict(it).asnumpy()}
    fields.update({"init:" + k: v for k, v in init.items()})
    fields.update({"final:" + k: v.asnumpy() for k, v in args.items()})
    return fields


def main():
    save("module_bucketing", {"bucketing": bucketing(), "sequential": sequential(),
                              "python_loss": python_loss()})


if __name__ == "__main__":
    main()
