"""The d2l LeNet chapter (MXNet 1.x): sigmoid LeNet on 28x28 Fashion-MNIST-like images.

``nn.Sequential`` (not hybridized), a Gluon DataLoader, ``Trainer('sgd')`` with lr 0.9,
2 epochs with a test-accuracy evaluation after each; synthetic data (6,000 train /
1,000 test images, batch 256: both last batches are partial). Runs unchanged on
MXNet 1.9.1 (``python lenet_d2l.py``) and on mxjax (``python -m mxjax lenet_d2l.py``).
"""
import time

import numpy as np
import mxnet as mx
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import loss as gloss, nn

START = time.time()

net = nn.Sequential()
net.add(nn.Conv2D(channels=6, kernel_size=5, activation='sigmoid'),
        nn.MaxPool2D(pool_size=2, strides=2),
        nn.Conv2D(channels=16, kernel_size=5, activation='sigmoid'),
        nn.MaxPool2D(pool_size=2, strides=2),
        # Dense transforms the (batch, channel, height, width) input into
        # (batch, channel * height * width) automatically
        nn.Dense(120, activation='sigmoid'),
        nn.Dense(84, activation='sigmoid'),
        nn.Dense(10))


def synthetic_fashion(n, seed):
    rs = np.random.RandomState(seed)
    templates = np.random.RandomState(0).uniform(0, 1, size=(10, 1, 7, 7))
    y = rs.randint(0, 10, size=n)
    x = np.kron(templates[y], np.ones((1, 1, 4, 4))) + rs.normal(0, 0.3, size=(n, 1, 28, 28))
    return x.astype(np.float32), y.astype(np.float32)


batch_size = 256
train_x, train_y = synthetic_fashion(6000, 1)
test_x, test_y = synthetic_fashion(1000, 2)
train_iter = gluon.data.DataLoader(gluon.data.ArrayDataset(train_x, train_y), batch_size,
                                   shuffle=True)
test_iter = gluon.data.DataLoader(gluon.data.ArrayDataset(test_x, test_y), batch_size)


def try_gpu():
    try:
        ctx = mx.gpu()
        _ = nd.zeros((1,), ctx=ctx)
    except mx.base.MXNetError:
        ctx = mx.cpu()
    return ctx


def evaluate_accuracy(data_iter, net, ctx):
    acc_sum, n = nd.array([0], ctx=ctx), 0
    for X, y in data_iter:
        X, y = X.as_in_context(ctx), y.as_in_context(ctx).astype('float32')
        acc_sum += (net(X).argmax(axis=1) == y).sum()
        n += y.size
    return acc_sum.asscalar() / n


def train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs):
    print('training on', ctx)
    loss = gloss.SoftmaxCrossEntropyLoss()
    for epoch in range(num_epochs):
        train_l_sum, train_acc_sum, n, start = 0.0, 0.0, 0, time.time()
        for X, y in train_iter:
            X, y = X.as_in_context(ctx), y.as_in_context(ctx)
            with autograd.record():
                y_hat = net(X)
                l = loss(y_hat, y).sum()
            l.backward()
            trainer.step(batch_size)
            y = y.astype('float32')
            train_l_sum += l.asscalar()
            train_acc_sum += (y_hat.argmax(axis=1) == y).sum().asscalar()
            n += y.size
        test_acc = evaluate_accuracy(test_iter, net, ctx)
        print('epoch %d, loss %.4f, train acc %.3f, test acc %.3f, time %.1f sec'
              % (epoch + 1, train_l_sum / n, train_acc_sum / n, test_acc, time.time() - start))


ctx = try_gpu()
lr, num_epochs = 0.9, 2
net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs)
print('total %.1f sec' % (time.time() - START))
