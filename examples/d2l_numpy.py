"""d2l-style programs with MXNet's NumPy interface (``from mxnet import np, npx``).

Linear regression from scratch and with Gluon, and softmax regression / an MLP with
Gluon, as the MXNet chapters of *Dive into Deep Learning* write them. The file says
``import mxnet``: run it unchanged with real MXNet 1.9.1 or with mxjax::

    python -m mxjax examples/d2l_numpy.py

Data, initial values and minibatch order come from seeded NumPy/Python generators,
so both print the same losses (tests/numpy/test_d2l_examples.py checks mxjax's
against what MXNet printed, stored by tools/golden/numpy_examples.py).
"""
import math
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


# ---------------------------------------------------------------------------
# a CNN (LeNet-style, d2l 6.6) on synthetic images


def image_data(rs, n=96):
    """Two classes of 1x12x12 noise images: the left or the right half is brighter."""
    y = rs.randint(0, 2, size=n)
    X = rs.normal(0, 0.3, (n, 1, 12, 12)).astype("float32")
    for i in range(n):
        if y[i]:
            X[i, 0, :, :6] += 1.0
        else:
            X[i, 0, :, 6:] += 1.0
    return np.array(X), np.array(y.astype("int32"))


def lenet(num_epochs=4, lr=0.3):
    rs = onp.random.RandomState(2)
    X, y = image_data(rs)
    net = nn.HybridSequential()
    net.add(nn.Conv2D(4, kernel_size=3, padding=1, activation="relu"),
            nn.AvgPool2D(pool_size=2, strides=2),
            nn.Conv2D(8, kernel_size=3, activation="relu"),
            nn.AvgPool2D(pool_size=2, strides=2),
            nn.Dense(16, activation="relu"), nn.Dense(2))
    net.initialize()
    net(X[:1])
    for p in net.collect_params().values():
        p.set_data(np.array(rs.normal(0, 0.2, p.shape).astype("float32")))
    net.hybridize()
    loader = gluon.data.DataLoader(gluon.data.ArrayDataset(X, y), 16, shuffle=False)
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": lr})
    history = []
    for epoch in range(num_epochs):
        total = 0.0
        for Xb, yb in loader:
            with autograd.record():
                l = loss(net(Xb), yb)
            l.backward()
            trainer.step(Xb.shape[0])
            total += float(l.sum())
        acc = accuracy(net(X), y)
        history.append((total / len(y), acc))
        print(f"epoch {epoch + 1}, loss {total / len(y):.4f}, train acc {acc:.3f}")
    return history


# ---------------------------------------------------------------------------
# an RNN language model (d2l 8.6) on synthetic text


class RNNModel(nn.Block):
    """The d2l RNN model: one-hot inputs, a Gluon RNN layer, a Dense output."""

    def __init__(self, rnn_layer, vocab_size, **kwargs):
        super().__init__(**kwargs)
        self.rnn = rnn_layer
        self.vocab_size = vocab_size
        self.dense = nn.Dense(vocab_size)

    def forward(self, inputs, state):
        X = npx.one_hot(inputs.T, self.vocab_size)
        Y, state = self.rnn(X, state)
        output = self.dense(Y.reshape(-1, Y.shape[-1]))
        return output, state

    def begin_state(self, *args, **kwargs):
        return self.rnn.begin_state(*args, **kwargs)


def grad_clipping(net, theta):
    """Scale the gradients so that their global norm is at most ``theta`` (d2l's)."""
    params = [p.data() for p in net.collect_params().values()]
    norm = math.sqrt(sum(float((p.grad ** 2).sum()) for p in params))
    if norm > theta:
        for param in params:
            param.grad[:] *= theta / norm


def rnn_language_model(num_epochs=4, num_steps=8, batch_size=4, lr=1.0):
    from mxnet.gluon import rnn
    text = "the time machine by h g wells " * 12
    vocab = sorted(set(text))
    corpus = [vocab.index(c) for c in text]
    rs = onp.random.RandomState(3)
    net = RNNModel(rnn.RNN(24), len(vocab))
    net.initialize()
    state = net.begin_state(batch_size=batch_size)
    net(np.zeros((batch_size, num_steps)), state)
    for p in net.collect_params().values():
        p.set_data(np.array(rs.normal(0, 0.1, p.shape).astype("float32")))
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": lr})
    n = (len(corpus) - 1) // (batch_size * num_steps) * batch_size * num_steps
    Xs = onp.array(corpus[:n]).reshape(batch_size, -1)
    Ys = onp.array(corpus[1:n + 1]).reshape(batch_size, -1)
    perplexities = []
    for epoch in range(num_epochs):
        state = net.begin_state(batch_size=batch_size)
        total, count = 0.0, 0
        for i in range(0, Xs.shape[1], num_steps):
            X = np.array(Xs[:, i:i + num_steps].astype("float32"))
            Y = np.array(Ys[:, i:i + num_steps].astype("float32"))
            state = [s.detach() for s in state]
            with autograd.record():
                y_hat, state = net(X, state)
                l = loss(y_hat, Y.T.reshape(-1)).mean()
            l.backward()
            grad_clipping(net, 1.0)
            trainer.step(batch_size=1)
            total += float(l) * Y.size
            count += Y.size
        ppl = float(onp.exp(total / count))
        perplexities.append(ppl)
        print(f"epoch {epoch + 1}, perplexity {ppl:.3f}")
    return perplexities


def main():
    print("linear regression from scratch")
    linear_regression_scratch()
    print("linear regression, concise")
    linear_regression_concise()
    print("softmax regression")
    softmax_regression()
    print("MLP")
    mlp()
    print("LeNet")
    lenet()
    print("RNN language model")
    rnn_language_model()


if __name__ == "__main__":
    main()
