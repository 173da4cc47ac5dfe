"""Golden fixtures for mx.viz, from real MXNet 1.9.1 (needs the ``graphviz`` package
in the reference venv for plot_network).

    ~/.mxref/bin/python tools/golden/visualization.py

Writes ``tests/golden/visualization.npz``: the text ``print_summary`` prints for an
MLP and a small conv net (with and without input shapes, default and custom column
positions), and the DOT source of ``plot_network`` (with shapes and dtypes, with
weights shown). The same networks are built in tests/test_visualization.py.
"""
import contextlib
import io

import numpy as np
import mxnet as mx

from common import save


def nets(mx):
    data = mx.sym.var("data")
    h = mx.sym.FullyConnected(data, num_hidden=128, name="fc1")
    h = mx.sym.Activation(h, act_type="relu", name="relu1")
    h = mx.sym.FullyConnected(h, num_hidden=64, name="fc2", no_bias=True)
    h = mx.sym.Activation(h, act_type="relu", name="relu2")
    h = mx.sym.FullyConnected(h, num_hidden=10, name="fc3")
    mlp = mx.sym.SoftmaxOutput(h, name="softmax")
    data = mx.sym.var("data")
    c = mx.sym.Convolution(data, kernel=(5, 5), num_filter=20, name="conv1")
    c = mx.sym.BatchNorm(c, name="bn1")
    c = mx.sym.Activation(c, act_type="tanh", name="tanh1")
    c = mx.sym.Pooling(c, pool_type="max", kernel=(2, 2), stride=(2, 2), name="pool1")
    c = mx.sym.Convolution(c, kernel=(3, 3), num_filter=16, num_group=4, no_bias=True,
                           name="conv2")
    c2 = mx.sym.Convolution(data, kernel=(1, 1), num_filter=16, name="conv_side")
    c2 = mx.sym.Pooling(c2, pool_type="avg", kernel=(3, 3), stride=(3, 3), pad=(1, 1),
                        name="pool_side")
    c = mx.sym.concat(c, c2, dim=1, name="cat")
    c = mx.sym.Flatten(c, name="flat")
    e = mx.sym.Embedding(mx.sym.var("tok"), input_dim=50, output_dim=8, name="emb")
    c = mx.sym.concat(c, mx.sym.Flatten(e, name="flat_emb"), dim=1, name="cat2")
    c = mx.sym.LeakyReLU(c, act_type="elu", name="elu")
    c = mx.sym.FullyConnected(c, num_hidden=10, name="fc")
    conv = mx.sym.SoftmaxOutput(c, name="softmax")
    # operator-level lr_mult/wd_mult, a bias variable of our own, a multi-output head
    data = mx.sym.var("data")
    e = mx.sym.Embedding(data, input_dim=100, output_dim=28, name="emb")
    c = mx.sym.Convolution(e, kernel=(3, 3), stride=(2, 2), num_filter=32, name="conv")
    c = mx.sym.Pooling(mx.sym.BatchNorm(c, name="bn"), kernel=(2, 2), stride=(2, 2),
                       pool_type="max", name="mp")
    c = mx.sym.FullyConnected(c, bias=mx.sym.var("fc1_bias", lr_mult=1.0), num_hidden=10,
                              lr_mult=0, name="fc1")
    c = mx.sym.FullyConnected(c, num_hidden=10, wd_mult=0.5, name="fc2")
    sliced = mx.sym.SliceChannel(c, num_outputs=5, name="slice")
    return mlp, conv, sliced


SUMMARIES = {
    "mlp": (0, {"shape": {"data": (32, 784)}}),
    "mlp_noshape": (0, {}),
    "mlp_narrow": (0, {"shape": {"data": (1, 20)}, "line_length": 60,
                       "positions": [20, 35, 45, 60]}),
    "conv": (1, {"shape": {"data": (8, 1, 28, 28), "tok": (8, 3)}}),
    "conv_noshape": (1, {}),
    "slice": (2, {"shape": {"data": (1, 3, 28)}}),
    "slice_noshape": (2, {}),
}
PLOTS = {
    "mlp": (0, {}),
    "conv_shapes": (1, {"shape": {"data": (8, 1, 28, 28), "tok": (8, 3)},
                        "dtype": {"data": np.float32, "tok": np.float32}}),
    "conv_weights": (1, {"hide_weights": False, "title": "net",
                         "node_attrs": {"fixedsize": "false"}}),
    "slice": (2, {"shape": {"data": (1, 3, 28)}}),
}


def summary_text(mx, net, kwargs):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        mx.viz.print_summary(net, **kwargs)
    return buf.getvalue()


def main():
    built = nets(mx)
    cases = {}
    for name, (i, kwargs) in SUMMARIES.items():
        cases["summary_" + name] = {"text": np.array(summary_text(mx, built[i], kwargs))}
    for name, (i, kwargs) in PLOTS.items():
        cases["plot_" + name] = {"source": np.array(mx.viz.plot_network(built[i],
                                                                        **kwargs).source)}
    save("visualization", cases)


if __name__ == "__main__":
    main()
