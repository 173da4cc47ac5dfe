"""MXNet's example/rnn/bucketing/lstm_bucketing.py on a small synthetic corpus: a
2-layer mx.rnn LSTM language model trained by BucketingModule over
mx.rnn.BucketSentenceIter, with the Perplexity metric.

The corpus, the iterator's shuffling (Python's ``random`` and NumPy's global
generator are seeded) and the initial weights (NumPy's RandomState, given to
``fit`` as ``arg_params``) do not depend on MXNet's random generator, so the
printed perplexities can be compared with real MXNet's.
"""
import random

import numpy as np
import mxnet as mx

random.seed(7)
np.random.seed(7)
rng = np.random.RandomState(0)

num_layers, num_hidden, num_embed, batch_size = 2, 16, 8, 8
buckets = [4, 8, 12]
start_label, invalid_label = 1, 0

# a toy language: sentences of 2..12 words drawn from a Markov chain over 20 words
words = ["w%d" % i for i in range(20)]
trans = rng.dirichlet(np.full(20, 0.3), size=20)


def sentence(n):
    w = [rng.randint(20)]
    for _ in range(n - 1):
        w.append(rng.choice(20, p=trans[w[-1]]))
    return [words[i] for i in w]


train_lines = [sentence(rng.randint(2, 13)) for _ in range(160)]
val_lines = [sentence(rng.randint(2, 13)) for _ in range(48)]
train_sent, vocab = mx.rnn.encode_sentences(train_lines, invalid_label=invalid_label,
                                            start_label=start_label)
val_sent, _ = mx.rnn.encode_sentences(val_lines, vocab=vocab, invalid_label=invalid_label,
                                      start_label=start_label)
print("vocabulary", len(vocab), "first sentence", train_sent[0])

data_train = mx.rnn.BucketSentenceIter(train_sent, batch_size, buckets=buckets,
                                       invalid_label=invalid_label)
data_val = mx.rnn.BucketSentenceIter(val_sent, batch_size, buckets=buckets,
                                     invalid_label=invalid_label)
print("default bucket", data_train.default_bucket_key, "batches", len(data_train.idx))

stack = mx.rnn.SequentialRNNCell()
for i in range(num_layers):
    stack.add(mx.rnn.LSTMCell(num_hidden=num_hidden, prefix='lstm_l%d_' % i))


def sym_gen(seq_len):
    data = mx.sym.Variable('data')
    label = mx.sym.Variable('softmax_label')
    embed = mx.sym.Embedding(data=data, input_dim=len(vocab), output_dim=num_embed,
                             name='embed')
    stack.reset()
    outputs = stack.unroll(seq_len, inputs=embed, merge_outputs=True)[0]
    pred = mx.sym.Reshape(outputs, shape=(-1, num_hidden))
    pred = mx.sym.FullyConnected(data=pred, num_hidden=len(vocab), name='pred')
    label = mx.sym.Reshape(label, shape=(-1,))
    pred = mx.sym.SoftmaxOutput(data=pred, label=label, name='softmax')
    return pred, ('data',), ('softmax_label',)


net, _, _ = sym_gen(data_train.default_bucket_key)
print("arguments", net.list_arguments())
arg_shapes, _, _ = net.infer_shape(data=(batch_size, data_train.default_bucket_key),
                                 softmax_label=(batch_size, data_train.default_bucket_key))
arg_params = {name: mx.nd.array(rng.uniform(-0.2, 0.2, shape))
              for name, shape in zip(net.list_arguments(), arg_shapes)
              if name not in ('data', 'softmax_label')}

model = mx.mod.BucketingModule(sym_gen=sym_gen,
                               default_bucket_key=data_train.default_bucket_key,
                               context=mx.cpu(0))


def show_batch(param):
    name, value = param.eval_metric.get()
    print("epoch %d batch %d train %s %.5f" % (param.epoch, param.nbatch, name, value))


def show_epoch(epoch, sym, arg, aux):
    print("epoch %d lstm_l1_h2h_bias[:4] %s" % (epoch, np.round(arg['lstm_l1_h2h_bias'].asnumpy()[:4], 5)))


model.fit(train_data=data_train,
          eval_data=data_val,
          eval_metric=mx.metric.Perplexity(invalid_label),
          kvstore='local',
          optimizer='sgd',
          optimizer_params={'learning_rate': 0.05, 'momentum': 0.0, 'wd': 0.00001},
          arg_params=arg_params,
          num_epoch=2,
          batch_end_callback=[show_batch,
                              mx.callback.Speedometer(batch_size, 5, auto_reset=False)],
          epoch_end_callback=show_epoch)

score = model.score(data_val, mx.metric.Perplexity(invalid_label))
print("validation", score[0][0], "%.4f" % score[0][1])
