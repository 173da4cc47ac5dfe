"""A sequence tagger: Embedding + LSTM + Dense over token sequences, Gluon style.

A ``gluon.Block`` (not hybridized) with ``gluon.rnn.LSTM`` in 'NTC' layout, trained
with ``Trainer('adam')`` for 2 epochs with a tagging-accuracy evaluation after each;
synthetic data: 2,000 train / 400 test sequences of 25 tokens (vocabulary 500, 12
tags, a token's tag depends on it and on its predecessor), batch 64 (both last
batches are partial). Runs unchanged on MXNet 1.9.1 (``python lstm_tagger.py``) and
on mxjax (``python -m mxjax lstm_tagger.py``).
"""
import time

import numpy as np
import mxnet as mx
from mxnet import autograd, gluon, nd
from mxnet.gluon import nn, rnn

START = time.time()
VOCAB, TAGS, SEQ_LEN, EMBED, HIDDEN = 500, 12, 25, 64, 128


def make_data(n, seed):
    rs = np.random.RandomState(seed)
    tokens = rs.randint(0, VOCAB, size=(n, SEQ_LEN))
    prev = np.concatenate([np.zeros((n, 1), dtype=tokens.dtype), tokens[:, :-1]], axis=1)
    tags = (tokens * 7 + (prev % 3)) % TAGS
    return tokens.astype(np.float32), tags.astype(np.float32)


class Tagger(gluon.Block):
    def __init__(self, **kwargs):
        super(Tagger, self).__init__(**kwargs)
        with self.name_scope():
            self.embedding = nn.Embedding(VOCAB, EMBED)
            self.lstm = rnn.LSTM(HIDDEN, layout='NTC', input_size=EMBED)
            self.out = nn.Dense(TAGS, flatten=False)

    def forward(self, x):
        h = self.lstm(self.embedding(x))
        return self.out(h)


train_data = gluon.data.DataLoader(gluon.data.ArrayDataset(*make_data(2000, 1)),
                                   batch_size=64, shuffle=True)
test_data = gluon.data.DataLoader(gluon.data.ArrayDataset(*make_data(400, 2)),
                                  batch_size=64)

ctx = mx.cpu()
net = Tagger()
net.initialize(mx.init.Xavier(), ctx=ctx)
loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
trainer = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': 0.01})


def evaluate(net, data):
    metric = mx.metric.Accuracy()
    for x, y in data:
        out = net(x.as_in_context(ctx))
        metric.update([y.reshape((-1,))], [out.reshape((-1, TAGS))])
    return metric.get()[1]


for epoch in range(2):
    tic = time.time()
    total, count = 0.0, 0
    for x, y in train_data:
        x, y = x.as_in_context(ctx), y.as_in_context(ctx)
        with autograd.record():
            out = net(x)
            loss = loss_fn(out, y)
        loss.backward()
        trainer.step(x.shape[0])
        total += loss.mean().asscalar() * x.shape[0]
        count += x.shape[0]
    acc = evaluate(net, test_data)
    print('epoch %d: loss %.4f, test accuracy %.3f, %.1f sec'
          % (epoch + 1, total / count, acc, time.time() - tic))
print('total %.1f sec' % (time.time() - START))
