"""Train LeNet (Conv2D/MaxPool2D/Dense, hybridized) on scikit-learn's 8x8 digits with mxjax.

    python examples/lenet_digits.py --epochs 6 --plot lenet.png

Adam with a cosine learning-rate schedule; prints a line per epoch and the held-out
accuracy (>= 97% after a few epochs), and saves loss/accuracy curves.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mxjax as mx  # noqa: E402
from _digits_common import (load_digits_split, train, plot_history,  # noqa: E402
                            default_plot_path)


def build_lenet(prefix="lenet_"):
    """LeNet for 1x8x8 images: two conv/pool stages, then three dense layers."""
    nn = mx.gluon.nn
    net = nn.HybridSequential(prefix=prefix)
    with net.name_scope():
        net.add(nn.Conv2D(16, kernel_size=3, padding=1, activation="relu", in_channels=1),
                nn.MaxPool2D(pool_size=2),
                nn.Conv2D(32, kernel_size=3, padding=1, activation="relu", in_channels=16),
                nn.MaxPool2D(pool_size=2),
                nn.Flatten(),
                nn.Dense(120, activation="relu", in_units=32 * 2 * 2),
                nn.Dense(84, activation="relu", in_units=120),
                nn.Dense(10, in_units=84))
    return net


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.003)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--plot", default=default_plot_path("lenet_digits"),
                        help="where to save the loss/accuracy plot (PNG)")
    args = parser.parse_args(argv)
    mx.random.seed(args.seed)
    import numpy as np
    np.random.seed(args.seed)
    net = build_lenet()
    net.initialize(mx.init.Xavier())
    net.hybridize()
    data = load_digits_split(args.seed, image=True)
    steps = args.epochs * (len(data[0]) // args.batch_size)
    schedule = mx.lr_scheduler.CosineScheduler(max_update=steps, base_lr=args.lr,
                                               final_lr=1e-5)
    history = train(mx, net, data, args.epochs, args.batch_size, "adam",
                    {"learning_rate": args.lr, "lr_scheduler": schedule})
    plot_history(history, args.plot, "LeNet on digits (mxjax)")
    print("held-out accuracy %.4f; plot saved to %s" % (history["test_acc"][-1], args.plot))
    return {"history": history, "test_acc": history["test_acc"][-1], "plot": args.plot}


if __name__ == "__main__":
    main()
