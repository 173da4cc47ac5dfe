"""A small Gluon MLP trained with gluon.Trainer('sgd'), SoftmaxCrossEntropyLoss and
mx.metric.Accuracy; the parameters are saved, loaded into a fresh network, and
the two networks' predictions are compared.

Data and initial weights come from NumPy's RandomState so the printed numbers do
not depend on MXNet's random generator.
"""
import os
import tempfile

import numpy as np
import mxnet as mx
from mxnet import nd, autograd, gluon
from mxnet.gluon import nn

mx.random.seed(1)
rng = np.random.RandomState(0)

# three Gaussian blobs in 4 dimensions, 60 samples each
num_classes, per_class, num_features = 3, 60, 4
centers = rng.normal(scale=2.0, size=(num_classes, num_features))
X = np.concatenate([c + rng.normal(size=(per_class, num_features)) for c in centers])
Y = np.repeat(np.arange(num_classes), per_class)
order = rng.permutation(len(X))
X, Y = X[order].astype('float32'), Y[order].astype('float32')
X_train, Y_train, X_test, Y_test = X[:150], Y[:150], X[150:], Y[150:]

train_data = gluon.data.DataLoader(gluon.data.ArrayDataset(X_train, Y_train),
                                   batch_size=25, shuffle=False)
test_data = gluon.data.DataLoader(gluon.data.ArrayDataset(X_test, Y_test),
                                  batch_size=10, shuffle=False)


def build_net():
    net = nn.Sequential()
    with net.name_scope():
        net.add(nn.Dense(16, activation='relu', in_units=num_features))
        net.add(nn.Dense(num_classes, in_units=16))
    return net


net = build_net()
net.initialize(mx.init.Xavier())
# overwrite the random initialisation with fixed values
for name, param in sorted(net.collect_params().items()):
    param.set_data(nd.array(rng.normal(scale=0.3, size=param.shape)))
print(net)
print(sorted(net.collect_params().keys()))

loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
trainer = gluon.Trainer(net.collect_params(), 'sgd',
                        {'learning_rate': 0.1, 'wd': 1e-4})


def evaluate(net, data):
    metric = mx.metric.Accuracy()
    for x, y in data:
        metric.update([y], [net(x)])
    return metric.get()


for epoch in range(5):
    metric = mx.metric.Accuracy()
    total_loss = 0.0
    for x, y in train_data:
        with autograd.record():
            out = net(x)
            loss = loss_fn(out, y)
        loss.backward()
        trainer.step(x.shape[0])
        total_loss += loss.sum().asscalar()
        metric.update([y], [out])
    name, acc = metric.get()
    _, test_acc = evaluate(net, test_data)
    print("epoch %d: loss %.5f, train %s %.4f, test acc %.4f"
          % (epoch, total_loss / len(X_train), name, acc, test_acc))

print("first layer bias:", net[0].bias.data().asnumpy()[:4].tolist())

# save, load into a fresh network, compare predictions
path = os.path.join(tempfile.mkdtemp(), 'mlp.params')
net.save_parameters(path)
net2 = build_net()
net2.load_parameters(path)
x_test = nd.array(X_test)
pred1 = net(x_test)
pred2 = net2(x_test)
print("loaded network, same outputs:", bool((pred1 == pred2).min().asscalar()))
print("predicted classes:", pred2.argmax(axis=1)[:10].asnumpy().tolist())
net2.hybridize()
pred3 = net2(x_test)
print("hybridized, max abs diff:", float(nd.abs(pred3 - pred1).max().asscalar()) < 1e-5)
print(pred3[:2])
