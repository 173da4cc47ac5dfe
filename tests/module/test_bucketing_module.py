"""mx.mod.BucketingModule against real MXNet 1.9.1 (tools/golden/module_bucketing.py)."""
import os

import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
import golden_utils

GOLDEN = golden_utils.load("module_bucketing")
VOCAB, EMBED, HIDDEN, CLASSES, BATCH = 7, 4, 6, 3, 4


def sym_gen(seq_len):
    """An unrolled tanh RNN over ``seq_len`` steps (same graph as the generator's)."""
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
    """Fixed batches, the bucket key of each is its sequence length."""

    def __init__(self, xs, ys):
        super().__init__(BATCH)
        self.xs, self.ys, self.i = xs, ys, 0
        self.default_bucket_key = max(x.shape[1] for x in xs)

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


def _golden_iter(g):
    n = len([k for k in g if k.startswith("x")])
    return BucketIter([g["x%d" % i] for i in range(n)], [g["y%d" % i] for i in range(n)])


def _fit(g):
    it = _golden_iter(g)
    mod = mx.mod.BucketingModule(sym_gen, default_bucket_key=it.default_bucket_key)
    init = {k[5:]: mx.nd.array(v) for k, v in g.items() if k.startswith("init:")}
    mod.fit(it, num_epoch=3, optimizer="sgd",
            optimizer_params={"learning_rate": 0.2, "momentum": 0.9}, arg_params=init,
            aux_params={"bn_moving_mean": mx.nd.zeros(HIDDEN),
                        "bn_moving_var": mx.nd.ones(HIDDEN)}, eval_metric="acc")
    return mod, it


def test_fit_over_buckets_matches_mxnet():
    g = GOLDEN["bucketing"]
    mod, it = _fit(g)
    assert sorted(mod._buckets) == list(g["buckets"])
    args, auxs = mod.get_params()
    for k, v in args.items():
        golden_utils.assert_matches(v, g["final:" + k], rtol=1e-4, atol=1e-5)
    for k, v in auxs.items():
        golden_utils.assert_matches(v, g["aux:" + k], rtol=1e-4, atol=1e-5)
    preds = mod.predict(it, merge_batches=False)
    for i, p in enumerate(preds):
        golden_utils.assert_matches(p[0], g["predict%d" % i], rtol=1e-4, atol=1e-5)
    assert abs(mod.score(it, "acc")[0][1] - float(g["acc"])) < 1e-6


def test_buckets_share_parameter_and_aux_arrays():
    g = GOLDEN["bucketing"]
    mod, it = _fit(g)
    default = mod._buckets[5]
    other = mod._buckets[3]
    for n in ("i2h_weight", "embed_weight", "pred_bias"):
        assert other._exec.arg_dict[n] is default._exec.arg_dict[n]
    assert other._exec.aux_dict["bn_moving_mean"] is default._exec.aux_dict["bn_moving_mean"]
    # one optimizer (and its momentum states) for all buckets
    assert other._updater is default._updater
    assert mod.symbol is other.symbol or mod.symbol is default.symbol


def test_forward_backward_update_by_hand_equals_fit():
    g = GOLDEN["bucketing"]
    it = _golden_iter(g)
    mod = mx.mod.BucketingModule(sym_gen, default_bucket_key=5)
    mod.bind(it.provide_data, it.provide_label)
    init = {k[5:]: mx.nd.array(v) for k, v in g.items() if k.startswith("init:")}
    mod.init_params(arg_params=init, aux_params={"bn_moving_mean": mx.nd.zeros(HIDDEN),
                                                 "bn_moving_var": mx.nd.ones(HIDDEN)})
    mod.init_optimizer(optimizer="sgd",
                       optimizer_params={"learning_rate": 0.2, "momentum": 0.9})
    for _ in range(3):
        it.reset()
        for batch in it:
            mod.forward(batch, is_train=True)
            assert mod.get_outputs()[0].shape == (BATCH * batch.bucket_key, CLASSES)
            mod.backward()
            mod.update()
    args, _ = mod.get_params()
    for k, v in args.items():
        golden_utils.assert_matches(v, g["final:" + k], rtol=1e-4, atol=1e-5)


def test_switch_bucket_output_shapes_and_names():
    mod = mx.mod.BucketingModule(sym_gen, default_bucket_key=5)
    assert mod.data_names == ("data",)
    assert mod.output_names == ["softmax_output"]
    mod.bind([("data", (2, 5))], [("softmax_label", (2, 5))], for_training=False)
    mod.init_params()
    mod.switch_bucket(2, [("data", (2, 2))], [("softmax_label", (2, 2))])
    assert mod.output_shapes == [("softmax_output", (4, CLASSES))]
    mod.switch_bucket(5, None)
    assert mod.output_shapes == [("softmax_output", (10, CLASSES))]


def test_checkpoint_round_trip(tmp_path):
    g = GOLDEN["bucketing"]
    mod, it = _fit(g)
    prefix = os.path.join(str(tmp_path), "rnn")
    mod.save_checkpoint(prefix, 3)
    assert os.path.exists(prefix + "-3-symbol.json") and os.path.exists(prefix + ".buckets")
    loaded = mx.mod.BucketingModule.load(prefix, 3, sym_gen=sym_gen, default_bucket_key=5)
    loaded.bind(it.provide_data, it.provide_label, for_training=False)
    preds = loaded.predict(it, merge_batches=False)
    for i, p in enumerate(preds):
        golden_utils.assert_matches(p[0], g["predict%d" % i], rtol=1e-4, atol=1e-5)


def test_errors():
    with pytest.raises(MXNetError, match="default_bucket_key"):
        mx.mod.BucketingModule(sym_gen)
    bad = lambda key: (sym_gen(key)[0], ("nodata",), ("softmax_label",))  # noqa: E731
    with pytest.raises(MXNetError, match="nodata"):
        mx.mod.BucketingModule(bad, default_bucket_key=3)
    mod = mx.mod.BucketingModule(sym_gen, default_bucket_key=3)
    with pytest.raises(MXNetError, match="bind"):
        mod.switch_bucket(2, [("data", (1, 2))])
    with pytest.raises(MXNetError, match="bind"):
        mod.init_params()


@pytest.mark.parametrize("grad_req,second", [("write", 2.0), ("add", 4.0)])
def test_gradient_arrays_are_shared_over_buckets(grad_req, second):
    """As in MXNet, buckets share the gradient arrays too: with grad_req='add' a
    backward in another bucket adds to the same gradient."""
    def gen(_):
        data = mx.sym.var("data")
        a = mx.sym.var("a", shape=(1,), init=mx.init.One())
        return mx.sym.make_loss(mx.sym.broadcast_mul(data, a)), ("data",), None

    mod = mx.mod.BucketingModule(gen, default_bucket_key=10)
    mod.bind([("data", (2,))], for_training=True, grad_req=grad_req)
    mod.init_params()
    grads = []
    for key in (10, 5):
        mod.forward_backward(mx.io.DataBatch([mx.nd.ones((2,))], None, bucket_key=key,
                                             provide_data=[mx.io.DataDesc("data", (2,))]))
        grads.append(float(mod._curr_module._exec.grad_dict["a"].asscalar()))
    assert grads == [2.0, second]
    assert mod._buckets[5]._exec.grad_dict["a"] is mod._buckets[10]._exec.grad_dict["a"]


class SentenceIter(mx.io.DataIter):
    """Synthetic sentences bucketed by length, shaped like MXNet's
    ``mx.rnn.BucketSentenceIter`` (data, label = data shifted by one, padded with
    ``invalid_label``; ``default_bucket_key`` the largest bucket)."""

    def __init__(self, sentences, batch_size, buckets, invalid_label=0):
        super().__init__(batch_size)
        self.buckets, self.invalid = sorted(buckets), invalid_label
        self.default_bucket_key = max(buckets)
        self.batches = []
        by_bucket = {b: [] for b in self.buckets}
        for s in sentences:
            b = next(b for b in self.buckets if b >= len(s))
            row = np.full(b, invalid_label, np.float32)
            row[:len(s)] = s
            by_bucket[b].append(row)
        for b, rows in by_bucket.items():
            for i in range(0, len(rows) - batch_size + 1, batch_size):
                data = np.stack(rows[i:i + batch_size])
                label = np.full_like(data, invalid_label)
                label[:, :-1] = data[:, 1:]
                self.batches.append((b, data, label))
        self.i = 0

    @property
    def provide_data(self):
        return [mx.io.DataDesc("data", (self.batch_size, self.default_bucket_key))]

    @property
    def provide_label(self):
        return [mx.io.DataDesc("softmax_label", (self.batch_size, self.default_bucket_key))]

    def reset(self):
        self.i = 0

    def next(self):
        if self.i == len(self.batches):
            raise StopIteration
        key, data, label = self.batches[self.i]
        self.i += 1
        return mx.io.DataBatch([mx.nd.array(data)], [mx.nd.array(label)], pad=0,
                               bucket_key=key,
                               provide_data=[mx.io.DataDesc("data", data.shape)],
                               provide_label=[mx.io.DataDesc("softmax_label", label.shape)])


def test_lstm_bucketing_example_shape():
    """MXNet's example/rnn/bucketing/lstm_bucketing.py, with synthetic sentences and the
    fused RNN operator as the LSTM: fit with eval_data, Perplexity ignoring the padding,
    Xavier initializer, Speedometer; the validation perplexity must fall."""
    rng = np.random.RandomState(0)
    vocab, embed, hidden, batch = 12, 8, 16, 4
    sentences = []
    for _ in range(48):  # counting sentences: each token is the previous one plus one
        n = rng.randint(3, 10)
        start = rng.randint(1, vocab - n)
        sentences.append(list(range(start, start + n)))
    train = SentenceIter(sentences[:40], batch, buckets=[5, 10])
    val = SentenceIter(sentences[40:], batch, buckets=[5, 10])

    def gen(seq_len):
        data = mx.sym.var("data")
        label = mx.sym.var("softmax_label")
        emb = mx.sym.Embedding(data, input_dim=vocab, output_dim=embed, name="embed")
        tnc = mx.sym.swapaxes(emb, dim1=0, dim2=1)
        state = mx.sym.zeros((1, batch, hidden))
        params = mx.sym.var("lstm_parameters", init=mx.init.Uniform(0.1))
        out = mx.sym.RNN(tnc, params, state, state, state_size=hidden,
                         num_layers=1, mode="lstm", name="lstm")
        out = mx.sym.reshape(mx.sym.swapaxes(out, dim1=0, dim2=1), shape=(-1, hidden))
        pred = mx.sym.FullyConnected(out, num_hidden=vocab, name="pred")
        return (mx.sym.SoftmaxOutput(pred, mx.sym.reshape(label, shape=(-1,)),
                                     name="softmax"), ("data",), ("softmax_label",))

    model = mx.mod.BucketingModule(gen, default_bucket_key=train.default_bucket_key)
    metric = mx.metric.Perplexity(0)
    model.bind(train.provide_data, train.provide_label)
    model.init_params(mx.init.Xavier(factor_type="in", magnitude=2.34))
    before = dict(model.score(val, metric))["perplexity"]
    seen = []
    model.fit(train, eval_data=val, eval_metric=metric, optimizer="adam",
              optimizer_params={"learning_rate": 0.02}, num_epoch=6,
              batch_end_callback=mx.callback.Speedometer(batch, 5, auto_reset=False),
              epoch_end_callback=lambda epoch, sym, arg, aux: seen.append(sym.name))
    after = dict(model.score(val, metric))["perplexity"]
    assert sorted(model._buckets) == [5, 10]
    assert len(seen) == 6
    assert after < 0.5 * before, (before, after)


def test_module_bind_input_dtype_and_shape_checks():
    """(Module) a DataDesc's dtype is the bound input's dtype; a shape that is not a
    tuple of int raises TypeError, as in MXNet."""
    sym = mx.sym.Activation(mx.sym.var("data"), act_type="relu")
    mod = mx.mod.Module(sym, ("data",), None)
    with pytest.raises(TypeError):
        mod.bind([("data", mx.nd.array([10, 10]))])
    assert not mod.binded
    mod.bind([mx.io.DataDesc("data", (3, 4), np.float16)])
    mod.init_params()
    mod.forward(mx.io.DataBatch([mx.nd.ones((3, 4), dtype=np.float16)]))
    assert mod.get_outputs()[0].dtype == np.float16


def test_bucketing_module_state_names():
    """Each bucket's Module gets the state_names; get/set_states act on the current one."""
    def gen(seq_len):
        cell = mx.rnn.GRUCell(3, prefix="g_")
        begin = cell.begin_state(func=mx.sym.Variable)
        _, states = cell.unroll(seq_len, begin_state=begin, inputs=mx.sym.Variable("data"))
        return mx.sym.Group(states), ("data",), None

    mod = mx.mod.BucketingModule(gen, default_bucket_key=4, state_names=["g_begin_state_0"])
    mod.bind([("data", (2, 4, 5))], None, for_training=False)
    mod.init_params(mx.init.Uniform(0.3))
    x = mx.nd.array(np.random.RandomState(0).uniform(-1, 1, (2, 2, 5)))
    batch = mx.io.DataBatch([x], [], bucket_key=2, provide_data=[("data", (2, 2, 5))])
    mod.forward(batch, is_train=False)  # switches to bucket 2
    assert np.all(mod.get_states()[0].asnumpy() == 0)
    zero_out = mod.get_outputs()[0].asnumpy()
    mod.set_states(value=0.5)
    assert np.all(mod.get_states()[0].asnumpy() == 0.5)
    mod.forward(batch, is_train=False)
    half_out = mod.get_outputs()[0].asnumpy()
    # the same GRU stepped by hand from h0 = 0.5 with the module's parameters
    args, _ = mod.get_params()
    plain = mx.mod.Module(gen(2)[0], label_names=None, state_names=["g_begin_state_0"])
    plain.bind([("data", (2, 2, 5))], None, for_training=False)
    plain.set_params(args, {})
    plain.set_states(value=0.5)
    plain.forward(mx.io.DataBatch([x], []), is_train=False)
    np.testing.assert_allclose(half_out, plain.get_outputs()[0].asnumpy(), rtol=1e-6, atol=1e-6)
    assert not np.allclose(zero_out, half_out)
    with pytest.raises(MXNetError, match="state"):
        mx.mod.BucketingModule(gen, default_bucket_key=4, state_names=["nope"])
