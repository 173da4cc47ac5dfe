"""d2l-style programs with MXNet's NumPy interface (``from mxnet import np, npx``).

Linear regression from scratch and with Gluon, and softmax regression / an MLP with
Gluon, as the MXNet chapters of *Dive into Deep Learning* write them. The file says
``import mxnet``: run it unchanged with real MXNet 1.9.1 or with mxjax::

    python -m mxjax examples/d2l_numpy.py

Data, initial values and minibatch order come from seeded NumPy/Python generators,
so both print the same losses (tests/numpy/test_d2l_examples.py checks mxjax's
against what MXNet printed, stored by tools/golden/numpy_examples.py).
"""
import random

import numpy as onp
from mxnet import autograd, gluon, init, np, npx
from mxnet.gluon import nn

npx.set_np()


# ---------------------------------------------------------------------------
# linear regression from scratch (d2l 3.2)


def synthetic_data(w, b, num_examples, rs):
    """y = Xw + b + noise."""
    X = np.array(rs.normal(0, 1, (num_examples, len(w))).astype("float32"))
    y = np.dot(X, w) + b
    y += np.array(rs.normal(0, 0.01, y.shape).astype("float32"))
    return X, y.reshape((-1, 1))


def data_iter(batch_size, features, labels, rng):
    num_examples = len(features)
    indices = list(range(num_examples))
    rng.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        batch_indices = np.array(indices[i: min(i + batch_size, num_examples)])
        yield features[batch_indices], labels[batch_indices]


def linreg(X, w, b):
    return np.dot(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    for param in params:
        param[:] = param - lr * param.grad / batch_size


def linear_regression_scratch(num_epochs=3, lr=0.03, batch_size=10):
    """Returns the per-epoch training losses and the learned w, b."""
    rs = onp.random.RandomState(0)
    rng = random.Random(0)
    true_w, true_b = np.array([2, -3.4]), 4.2
    features, labels = synthetic_data(true_w, true_b, 1000, rs)
    w = np.array(rs.normal(0, 0.01, (2, 1)).astype("float32"))
    b = np.zeros(1)
    w.attach_grad()
    b.attach_grad()
    losses = []
    for epoch in range(num_epochs):
        for X, y in data_iter(batch_size, features, labels, rng):
            with autograd.record():
                l = squared_loss(linreg(X, w, b), y)
            l.backward()
            sgd([w, b], lr, batch_size)
        train_l = squared_loss(linreg(features, w, b), labels)
        losses.append(float(train_l.mean()))
        print(f"epoch {epoch + 1}, loss {float(train_l.mean()):f}")
    return losses, w.asnumpy(), b.asnumpy()


# ---------------------------------------------------------------------------
# linear regression with Gluon (d2l 3.3)


def linear_regression_concise(num_epochs=3, batch_size=10):
    rs = onp.random.RandomState(0)
    true_w, true_b = np.array([2, -3.4]), 4.2
    features, labels = synthetic_data(true_w, true_b, 1000, rs)
    data_iter_ = gluon.data.DataLoader(gluon.data.ArrayDataset(features, labels),
                                       batch_size, shuffle=False)
    net = nn.Sequential()
    net.add(nn.Dense(1))
    net.initialize(init.Normal(sigma=0.01))
    net(features[:1])
    net[0].weight.set_data(np.array(rs.normal(0, 0.01, (1, 2)).astype("float32")))
    loss = gluon.loss.L2Loss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.03})
    losses = []
    for epoch in range(num_epochs):
        for X, y in data_iter_:
            with autograd.record():
                l = loss(net(X), y)
            l.backward()
            trainer.step(batch_size)
        l = loss(net(features), labels)
        losses.append(float(l.mean()))
        print(f"epoch {epoch + 1}, loss {float(l.mean()):f}")
    return losses, net[0].weight.data().asnumpy(), net[0].bias.data().asnumpy()


# ---------------------------------------------------------------------------
# softmax regression and an MLP with Gluon on a synthetic 3-class problem (d2l 3.7, 4.3)


def classification_data(rs, n=240):
    centers = onp.array([[2.0, 0.0], [-1.0, 1.5], [-1.0, -1.5]], dtype="float32")
    y = rs.randint(0, 3, size=n)
    X = centers[y] + rs.normal(0, 0.7, (n, 2)).astype("float32")
    return np.array(X.astype("float32")), np.array(y.astype("int32"))


def accuracy(y_hat, y):
    return float((y_hat.argmax(axis=1) == y.astype("int64")).sum()) / len(y)


def train_classifier(net, num_epochs=4, lr=0.1, hybridize=True):
    rs = onp.random.RandomState(1)
    X, y = classification_data(rs)
    net.initialize(init.Normal(sigma=0.01))
    net(X[:1])
    params = list(net.collect_params().values())
    for p in params:
        p.set_data(np.array(rs.normal(0, 0.1, p.shape).astype("float32")))
    if hybridize:
        net.hybridize()
    loader = gluon.data.DataLoader(gluon.data.ArrayDataset(X, y), 24, shuffle=False)
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": lr})
    history = []
    for epoch in range(num_epochs):
        total, count = 0.0, 0
        for Xb, yb in loader:
            with autograd.record():
                l = loss(net(Xb), yb)
            l.backward()
            trainer.step(Xb.shape[0])
            total += float(l.sum())
            count += Xb.shape[0]
        acc = accuracy(net(X), y)
        history.append((total / count, acc))
        print(f"epoch {epoch + 1}, loss {total / count:.4f}, train acc {acc:.3f}")
    return history


def softmax_regression():
    net = nn.HybridSequential()
    net.add(nn.Dense(3))
    return train_classifier(net)


def mlp():
    net = nn.HybridSequential()
    net.add(nn.Dense(16, activation="relu"), nn.Dense(3))
    return train_classifier(net)


def main():
    print("linear regression from scratch")
    linear_regression_scratch()
    print("linear regression, concise")
    linear_regression_concise()
    print("softmax regression")
    softmax_regression()
    print("MLP")
    mlp()


if __name__ == "__main__":
    main()
