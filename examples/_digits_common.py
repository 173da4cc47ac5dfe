"""Shared by the digits examples: data, evaluation, the training loop and the plot.

Written against MXNet 1.9.1's API (``import mxjax as mx``); the golden generator
runs the same network definitions under real MXNet.
"""
import os
import tempfile
import time

import numpy as np


def load_digits_split(seed=0, test_fraction=0.25, image=False):
    """scikit-learn's 8x8 digits (1,797 samples, no download), split and standardized
    with the training set's mean and standard deviation.

    Returns
    -------
    (x_train, y_train, x_test, y_test) : numpy arrays (float32 images, int32 labels)
    """
    from sklearn.datasets import load_digits
    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")
    y = digits.target.astype("int32")
    if image:
        x = x.reshape(-1, 1, 8, 8)
    order = np.random.RandomState(seed).permutation(len(x))
    n_test = int(len(x) * test_fraction)
    test, train = order[:n_test], order[n_test:]
    mean, std = x[train].mean(), x[train].std()
    x = ((x - mean) / std).astype("float32")
    return x[train], y[train], x[test], y[test]


def evaluate(mx, net, loader):
    """Accuracy of ``net`` on the batches of ``loader``."""
    metric = mx.metric.Accuracy()
    for data, label in loader:
        metric.update([label], [net(data)])
    return metric.get()[1]


def train(mx, net, data, epochs, batch_size, optimizer, optimizer_params, log=print):
    """Train ``net`` with softmax cross-entropy; returns the per-epoch history."""
    gluon, autograd = mx.gluon, mx.autograd
    x_train, y_train, x_test, y_test = data
    # one batch shape for training ('discard') and one for testing: each shape is one
    # compilation of the hybridized network
    train_loader = gluon.data.DataLoader(gluon.data.ArrayDataset(x_train, y_train),
                                         batch_size=batch_size, shuffle=True,
                                         last_batch="discard")
    test_loader = gluon.data.DataLoader(gluon.data.ArrayDataset(x_test, y_test),
                                        batch_size=len(x_test))
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), optimizer, optimizer_params)
    history = {"loss": [], "train_acc": [], "test_acc": []}
    for epoch in range(epochs):
        start = time.time()
        total, count = 0.0, 0
        metric = mx.metric.Accuracy()
        for data_b, label_b in train_loader:
            with autograd.record():
                out = net(data_b)
                loss = loss_fn(out, label_b)
            loss.backward()
            trainer.step(data_b.shape[0])
            total += loss.sum().asscalar()
            count += data_b.shape[0]
            metric.update([label_b], [out])
        test_acc = evaluate(mx, net, test_loader)
        history["loss"].append(total / count)
        history["train_acc"].append(metric.get()[1])
        history["test_acc"].append(test_acc)
        log("epoch %d/%d  loss %.4f  train acc %.4f  held-out acc %.4f  (%.1f s)"
            % (epoch + 1, epochs, total / count, metric.get()[1], test_acc,
               time.time() - start))
    return history


def plot_history(history, path, title):
    """Save loss and accuracy curves to ``path`` (PNG, matplotlib's Agg backend)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    epochs = np.arange(1, len(history["loss"]) + 1)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.5))
    ax1.plot(epochs, history["loss"], marker="o")
    ax1.set_xlabel("epoch")
    ax1.set_ylabel("training loss")
    ax2.plot(epochs, history["train_acc"], marker="o", label="train")
    ax2.plot(epochs, history["test_acc"], marker="o", label="held-out")
    ax2.set_xlabel("epoch")
    ax2.set_ylabel("accuracy")
    ax2.legend()
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def default_plot_path(name):
    """Where the plot goes without --plot: the system's temporary directory."""
    return os.path.join(tempfile.gettempdir(), name + ".png")
