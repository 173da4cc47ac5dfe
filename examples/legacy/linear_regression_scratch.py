"""Linear regression from scratch (the classic MXNet/Gluon tutorial).

Synthetic data y = X w + b + noise, a data iterator, a squared loss and
hand-written SGD (param[:] = param - lr * param.grad / batch_size).
The data and the initial weights come from NumPy's RandomState so the printed
numbers do not depend on MXNet's random generator.
"""
import numpy as np
import mxnet as mx
from mxnet import nd, autograd

mx.random.seed(1)
rng = np.random.RandomState(42)

num_inputs = 2
num_examples = 1000
true_w = [2, -3.4]
true_b = 4.2
features = nd.array(rng.normal(scale=1, size=(num_examples, num_inputs)))
labels = true_w[0] * features[:, 0] + true_w[1] * features[:, 1] + true_b
labels += nd.array(rng.normal(scale=0.01, size=labels.shape))
print("features[0]:", features[0].asnumpy().tolist(), "label[0]:", labels[0].asscalar())
print(features.shape, labels.shape, features.dtype, labels.context)


def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = rng.permutation(num_examples)
    for i in range(0, num_examples, batch_size):
        j = nd.array(indices[i: min(i + batch_size, num_examples)])
        yield features.take(j), labels.take(j)


batch_size = 10
for X, y in data_iter(batch_size, features, labels):
    print("first batch:", X.shape, y.shape)
    break

w = nd.array(rng.normal(scale=0.01, size=(num_inputs, 1)))
b = nd.zeros(shape=(1,))
for param in [w, b]:
    param.attach_grad()


def linreg(X, w, b):
    return nd.dot(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    for param in params:
        param[:] = param - lr * param.grad / batch_size


lr = 0.03
num_epochs = 3
net = linreg
loss = squared_loss

for epoch in range(num_epochs):
    for X, y in data_iter(batch_size, features, labels):
        with autograd.record():
            l = loss(net(X, w, b), y)
        l.backward()
        sgd([w, b], lr, batch_size)
    train_l = loss(net(features, w, b), labels)
    # The original tutorial formats train_l.mean().asnumpy() (a shape-(1,) array)
    # with %f; NumPy >= 2.x refuses to turn a 1-element array into a float that
    # way, so the scalar is read with asscalar(), which works on both.
    print('epoch %d, loss %f' % (epoch + 1, train_l.mean().asscalar()))

print("true_w", true_w, "learned w", w.reshape((-1,)).asnumpy().tolist())
print("true_b", true_b, "learned b", b.asscalar())
print(w)
print(b)
