"""ResNet-18 on 96x96 Fashion-MNIST-like images, the way the d2l book (MXNet 1.x) writes it.

Un-hybridized ``nn.Block`` residual blocks, ``nn.Sequential``, a Gluon DataLoader,
``Trainer('sgd')``, 2 short epochs with a test-accuracy evaluation after each; the
data is synthetic (200 train / 160 test images, batch 128: both last batches are
partial; sized to stay under a minute on MXNet at one thread). Runs unchanged on
MXNet 1.9.1 (``python resnet18_d2l.py``) and on mxjax (``python -m mxjax resnet18_d2l.py``).
"""
import time

import numpy as np
import mxnet as mx
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import nn

START = time.time()


class Residual(nn.Block):
    def __init__(self, num_channels, use_1x1conv=False, strides=1, **kwargs):
        super(Residual, self).__init__(**kwargs)
        self.conv1 = nn.Conv2D(num_channels, kernel_size=3, padding=1, strides=strides)
        self.conv2 = nn.Conv2D(num_channels, kernel_size=3, padding=1)
        if use_1x1conv:
            self.conv3 = nn.Conv2D(num_channels, kernel_size=1, strides=strides)
        else:
            self.conv3 = None
        self.bn1 = nn.BatchNorm()
        self.bn2 = nn.BatchNorm()

    def forward(self, X):
        Y = nd.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        return nd.relu(Y + X)


def resnet_block(num_channels, num_residuals, first_block=False):
    blk = nn.Sequential()
    for i in range(num_residuals):
        if i == 0 and not first_block:
            blk.add(Residual(num_channels, use_1x1conv=True, strides=2))
        else:
            blk.add(Residual(num_channels))
    return blk


net = nn.Sequential()
net.add(nn.Conv2D(64, kernel_size=7, strides=2, padding=3),
        nn.BatchNorm(), nn.Activation('relu'),
        nn.MaxPool2D(pool_size=3, strides=2, padding=1))
net.add(resnet_block(64, 2, first_block=True),
        resnet_block(128, 2),
        resnet_block(256, 2),
        resnet_block(512, 2))
net.add(nn.GlobalAvgPool2D(), nn.Dense(10))


def synthetic_fashion(n, seed):
    """Fashion-MNIST-like data: 10 classes, a class template plus noise, 1x96x96."""
    rs = np.random.RandomState(seed)
    templates = np.random.RandomState(0).uniform(0, 1, size=(10, 1, 12, 12))
    y = rs.randint(0, 10, size=n)
    x = np.kron(templates[y], np.ones((1, 1, 8, 8))) + rs.normal(0, 0.3, size=(n, 1, 96, 96))
    return x.astype(np.float32), y.astype(np.float32)


batch_size = 128
train_x, train_y = synthetic_fashion(200, 1)
test_x, test_y = synthetic_fashion(160, 2)
train_iter = gluon.data.DataLoader(gluon.data.ArrayDataset(train_x, train_y),
                                   batch_size, shuffle=True)
test_iter = gluon.data.DataLoader(gluon.data.ArrayDataset(test_x, test_y), batch_size,
                                  shuffle=False)


def evaluate_accuracy(data_iter, net, ctx=mx.cpu()):
    acc_sum, n = nd.array([0], ctx=ctx), 0
    for X, y in data_iter:
        X, y = X.as_in_context(ctx), y.as_in_context(ctx).astype('float32')
        acc_sum += (net(X).argmax(axis=1) == y).sum()
        n += y.size
    return acc_sum.asscalar() / n


def train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs):
    print('training on', ctx)
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
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


lr, num_epochs, ctx = 0.05, 2, mx.cpu()
net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs)
print('total %.1f sec' % (time.time() - START))
