"""mx.monitor against MXNet 1.9.1 (tests/golden/monitor.npz, tools/golden/monitor.py):
a Module with fixed parameters, a Monitor over two training batches, and a Monitor with
its own statistic, interval and pattern."""
import logging
import os
import sys
import types

import numpy as np
import pytest

import mxjax as mx
from golden_utils import load

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools", "golden"))
import monitor as monitor_case  # noqa: E402  (the generator: its cases take the mx module)

G = load("monitor")


def _net():  # the generator's network, parameters and batch, built by mxjax
    with mx.name.NameManager():  # fresh automatic names (_plus0, _mulscalar0)
        return monitor_case.net(mx)


spec = types.SimpleNamespace(net=_net, params=monitor_case.params,
                             batch=lambda: monitor_case.batch(mx))
# Names only MXNet reports: BatchNorm's hidden outputs (its batch mean and a variance
# statistic; mxjax's BatchNorm shows its one output) and SliceChannel's backward output,
# which its backward node names after its input ("sc_backward_data"). Only mxjax: the
# gradients of the elementwise sum, for which MXNet makes no backward node.
ONLY_MXNET = {"bn_mean", "bn_var", "sc_backward_data"}
ONLY_MXJAX = {"_plus0_backward_output0", "_plus0_backward_output1", "sc_backward_output"}
# MXNet's backward writes nothing into the gradient of an input that needs none (the
# data, grad_req 'null', and the label): its monitor shows whatever that array held
UNDEFINED_IN_MXNET = {"fc1_backward_output0", "softmax_backward_output1"}


def _module():
    arg, aux = spec.params()
    mod = mx.mod.Module(spec.net(), data_names=["data"], label_names=["softmax_label"])
    mod.bind(data_shapes=[("data", (3, 5))], label_shapes=[("softmax_label", (3,))])
    mod.init_params(arg_params={k: mx.nd.array(v) for k, v in arg.items()},
                    aux_params={k: mx.nd.array(v) for k, v in aux.items()})
    mod.init_optimizer(optimizer="sgd", optimizer_params={"learning_rate": 0.5})
    return mod


def _vals(text):
    return [float(v) for v in text.split("\t") if v]


def test_training_batches_match_mxnet():
    mod = _module()
    mon = mx.mon.Monitor(1, pattern=".*", sort=True)
    mod.install_monitor(mon)
    for i in range(2):
        mon.tic()
        mod.forward_backward(spec.batch())
        mod.update()
        res = mon.toc()
        names = [name for _, name, _ in res]
        assert names == sorted(names)
        expected = {k.split(":", 2)[2] for k in G if k.startswith("train:%d:" % i)}
        assert set(names) == (expected - ONLY_MXNET) | ONLY_MXJAX
        for step, name, text in res:
            if name in ONLY_MXJAX or name in UNDEFINED_IN_MXNET:
                continue
            case = G["train:%d:%s" % (i, name)]
            assert step == int(case["step"])
            np.testing.assert_allclose(_vals(text), case["vals"], rtol=2e-5, atol=1e-6,
                                       err_msg=name)


def test_interval_pattern_and_stat_func_match_mxnet():
    mod = _module()
    mon = mx.monitor.Monitor(1)
    mod.install_monitor(mon)
    for _ in range(2):
        mon.tic()
        mod.forward_backward(spec.batch())
        mod.update()
        mon.toc()
    mon2 = mx.mon.Monitor(2, stat_func=lambda x: [x.sum(), x.max()], pattern="fc1.*")
    mod.install_monitor(mon2)
    for i in range(3):
        mon2.tic()
        mod.forward(spec.batch(), is_train=False)
        res = mon2.toc()
        assert len(res) == int(G["count:%d" % i]["n"])
        for step, name, text in res:
            case = G["custom:%d:%s" % (i, name)]
            assert step == int(case["step"])
            np.testing.assert_allclose(_vals(text), case["vals"], rtol=2e-5, atol=1e-6)


def test_inactive_batches_compute_nothing_and_toc_print_logs(caplog):
    mod = _module()
    mon = mx.mon.Monitor(3, pattern="act1.*|fc1_weight")
    mod.install_monitor(mon)
    calls = []
    inner = mon.stat_func
    mon.stat_func = lambda x: calls.append(1) or inner(x)
    with caplog.at_level(logging.INFO):
        for i in range(4):
            mon.tic()
            mod.forward(spec.batch(), is_train=False)
            mon.toc_print()
    assert len(calls) == 4  # batches 0 and 3: act1_output and fc1_weight
    lines = [r.getMessage() for r in caplog.records if "Batch:" in r.getMessage()]
    assert len(lines) == 4 and "act1_output" in lines[0]


def test_monitor_all_reports_operator_inputs():
    mod = _module()
    mon = mx.mon.Monitor(1, monitor_all=True, pattern="fc1_.*|act1_.*")
    mod.install_monitor(mon)
    mon.tic()
    mod.forward(spec.batch(), is_train=False)
    names = [name for _, name, _ in mon.toc()]
    for name in ("fc1_data", "fc1_weight", "fc1_bias", "fc1_output", "act1_data",
                 "act1_output"):
        assert name in names


def test_stat_func_must_return_ndarrays():
    mod = _module()
    mon = mx.mon.Monitor(1, stat_func=lambda x: 1.0)
    mod.install_monitor(mon)
    mon.tic()
    mod.forward(spec.batch(), is_train=False)
    with pytest.raises(TypeError):
        mon.toc()
