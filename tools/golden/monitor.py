"""mx.monitor under real MXNet 1.9.1: a Module with fixed parameters, a Monitor(1) over two
training batches and one custom-statistic Monitor (tests/test_monitor.py).

    ~/.mxref/bin/python tools/golden/monitor.py

Stored per (case, step, name): the statistic's values, MXNet's backward-node entries
(``<node>_backward_output…``) included.
"""
import os
import sys

import numpy as np


def net(mx):
    """The network, built with the module ``mx`` (the test passes mxjax)."""
    data = mx.sym.var("data")
    fc1 = mx.sym.FullyConnected(data, num_hidden=4, name="fc1")
    act = mx.sym.Activation(fc1, act_type="tanh", name="act1")
    bn = mx.sym.BatchNorm(act, name="bn", fix_gamma=False)
    sc = mx.sym.SliceChannel(bn, num_outputs=2, axis=1, name="sc")
    return mx.sym.SoftmaxOutput(sc[0] * 2 + sc[1], name="softmax")


def params():
    """Fixed parameters: (arg_params, aux_params) as NumPy arrays."""
    rs = np.random.RandomState(3)
    return ({"fc1_weight": rs.uniform(-0.5, 0.5, (4, 5)).astype(np.float32),
             "fc1_bias": rs.uniform(-0.1, 0.1, (4,)).astype(np.float32),
             "bn_gamma": rs.uniform(0.5, 1.5, (4,)).astype(np.float32),
             "bn_beta": rs.uniform(-0.1, 0.1, (4,)).astype(np.float32)},
            {"bn_moving_mean": np.zeros(4, np.float32), "bn_moving_var": np.ones(4, np.float32)})


def batch(mx):
    """The one batch."""
    x = (np.arange(15).reshape(3, 5) / 10.0 - 0.5).astype(np.float32)
    return mx.io.DataBatch([mx.nd.array(x)], [mx.nd.array([0, 1, 0])])


if __name__ == "__main__":
    import mxnet as mx
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from common import save
    C = {}
    arg, aux = params()
    mod = mx.mod.Module(net(mx), data_names=["data"], label_names=["softmax_label"])
    mod.bind(data_shapes=[("data", (3, 5))], label_shapes=[("softmax_label", (3,))])
    mod.init_params(arg_params={k: mx.nd.array(v) for k, v in arg.items()},
                    aux_params={k: mx.nd.array(v) for k, v in aux.items()})
    mod.init_optimizer(optimizer="sgd", optimizer_params={"learning_rate": 0.5})
    mon = mx.mon.Monitor(1, pattern=".*", sort=True)
    mod.install_monitor(mon)
    for i in range(2):
        mon.tic()
        mod.forward_backward(batch(mx))
        mod.update()
        for step, name, text in mon.toc():
            C["train:%d:%s" % (i, name)] = {"step": step, "vals": [float(v) for v in text.split("\t") if v]}
    mon2 = mx.mon.Monitor(2, stat_func=lambda x: [x.sum(), x.max()], pattern="fc1.*")
    mod.install_monitor(mon2)
    for i in range(3):
        mon2.tic()
        mod.forward(batch(mx), is_train=False)
        res = mon2.toc()
        C["count:%d" % i] = {"n": len(res)}
        for step, name, text in res:
            C["custom:%d:%s" % (i, name)] = {"step": step, "vals": [float(v) for v in text.split("\t") if v]}
    save("monitor", C)
    print(sorted(C))
