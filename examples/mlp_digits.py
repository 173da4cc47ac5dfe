"""Train a multilayer perceptron on scikit-learn's 8x8 digits with mxjax (MXNet's Gluon API).

    python examples/mlp_digits.py --epochs 10 --plot mlp.png

Prints a line per epoch and the held-out accuracy, and saves loss/accuracy curves.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mxjax as mx  # noqa: E402
from _digits_common import (load_digits_split, train, plot_history,  # noqa: E402
                            default_plot_path)


def build_mlp(prefix="mlp_"):
    """Dense(128, relu) -> Dense(64, relu) -> Dense(10) on 64 pixels."""
    net = mx.gluon.nn.HybridSequential(prefix=prefix)
    with net.name_scope():
        net.add(mx.gluon.nn.Dense(128, activation="relu", in_units=64),
                mx.gluon.nn.Dense(64, activation="relu", in_units=128),
                mx.gluon.nn.Dense(10, in_units=64))
    return net


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--plot", default=default_plot_path("mlp_digits"),
                        help="where to save the loss/accuracy plot (PNG)")
    args = parser.parse_args(argv)
    mx.random.seed(args.seed)
    import numpy as np
    np.random.seed(args.seed)
    net = build_mlp()
    net.initialize(mx.init.Xavier())
    net.hybridize()
    data = load_digits_split(args.seed)
    history = train(mx, net, data, args.epochs, args.batch_size, "sgd",
                    {"learning_rate": args.lr, "momentum": 0.9})
    plot_history(history, args.plot, "MLP on digits (mxjax)")
    print("held-out accuracy %.4f; plot saved to %s" % (history["test_acc"][-1], args.plot))
    return {"history": history, "test_acc": history["test_acc"][-1], "plot": args.plot}


if __name__ == "__main__":
    main()
