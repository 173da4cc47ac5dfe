"""Single-process data parallelism on 4 forced CPU devices (in a subprocess, so the
rest of the suite keeps one device): split_and_load, one forward per device,
autograd.backward over the losses, Trainer.step. Every configuration must give the
parameters of one device trained on the whole batch."""
import os
import subprocess
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIGS = ["none:sgd", "none:adam", "0:sgd", "0:adam", "1:adam"]


def _run(tmp_path, num_ctx, kvstore, configs, timeout=400):
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=4")
    out = str(tmp_path / ("r%d" % num_ctx))
    proc = subprocess.run([sys.executable, os.path.join(HERE, "dp_worker.py"), out,
                           str(num_ctx), kvstore] + configs, env=env, timeout=timeout,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return [dict(np.load("%s_%d.npz" % (out, k))) for k in range(len(configs))]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dp")
    single = _run(tmp, 1, "device", CONFIGS)
    multi = _run(tmp, 4, "device", CONFIGS)
    return single, multi


@pytest.mark.parametrize("k", range(len(CONFIGS)), ids=CONFIGS)
def test_four_devices_equal_one_device_on_the_whole_batch(results, k):
    single, multi = results
    names = [n for n in single[k] if n.startswith("p")]
    assert len(names) == 4
    for name in names:
        np.testing.assert_allclose(multi[k][name], single[k][name], rtol=1e-5, atol=1e-6)
    update_on_kv = CONFIGS[k].split(":")[0]
    # MXNet's default with several contexts: the update runs in the store
    assert bool(multi[k]["update_on_kvstore"]) == (update_on_kv != "0")


def test_reduction_and_update_are_one_spmd_program(results):
    _, multi = results
    steps = [int(r["spmd"][0]) for r in multi]
    programs = [int(r["spmd"][1]) for r in multi]
    # counters are cumulative over the configurations of the one process
    # 3 fused steps per run: update in the store (MXNet's default with several
    # contexts) or on every replica, both one program
    assert steps == [3, 6, 9, 12, 15]
    # compiled once per optimizer and mode: the network is hybridized, so its graph
    # compiles at its first sighting and the SPMD backward runs in the same program
    # from the first step
    assert programs == [1, 2, 3, 4, 5]


def test_backward_of_every_device_is_one_spmd_program(results):
    single, multi = results
    # every step differentiates the four devices' graphs as one program over their
    # mesh (a hybridized block: compiled at its first sighting) ...
    assert [int(r["spmd_backwards"]) for r in multi] == [3, 6, 9, 12, 15]
    assert [int(r["spmd_backwards"]) for r in single] == [0] * len(CONFIGS)
    # ... inside the program of the gradient sum and the update
    assert [int(r["fused_steps"]) for r in multi] == [3, 6, 9, 12, 15]


def test_example_data_parallel_runs():
    example = os.path.join(HERE, "..", "..", "examples", "data_parallel.py")
    env = {k: v for k, v in os.environ.items() if k != "XLA_FLAGS"}
    proc = subprocess.run([sys.executable, example, "--steps", "2",
                           "--update-on-kvstore", "0"], env=env, timeout=400,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    assert out.count("batch slice (16, 20)") == 4 and "replicas in sync" in out
    diff = float(out.split("whole batch:")[1].split()[0])
    assert diff < 1e-5


_BN_RUN = r"""
import sys
import numpy as np
import mxjax as mx
from mxjax import nd, autograd, gluon
mx.engine.set_background_compile(False)
if sys.argv[1] == "op_by_op":
    mx.engine.set_compile_after(10 ** 6)
ctx = [mx.cpu(i) for i in range(4)]
mx.random.seed(0)
net = gluon.nn.Sequential()
net.add(gluon.nn.Conv2D(8, 3, padding=1), gluon.nn.BatchNorm(), gluon.nn.Activation("relu"),
        gluon.nn.GlobalAvgPool2D(), gluon.nn.Dense(5))
net.initialize(mx.init.Xavier(), ctx=ctx)
if sys.argv[2] == "hybridized":
    net.hybridize()
trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1, "momentum": 0.9})
loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
rs = np.random.RandomState(0)
x, y = nd.array(rs.normal(size=(16, 3, 8, 8))), nd.array(rs.randint(0, 5, 16))
for _ in range(4):
    xs, ys = gluon.utils.split_and_load(x, ctx), gluon.utils.split_and_load(y, ctx)
    with autograd.record():
        losses = [loss_fn(net(a), b) for a, b in zip(xs, ys)]
    autograd.backward(losses)
    if sys.argv[2] == "clipped":  # the gradients read between backward and step
        gluon.utils.clip_global_norm(
            [g for p in net.collect_params().values() if p.grad_req != "null"
             for g in p.list_grad()], 0.5)
    trainer.step(16)
    total = sum(float(l.sum().asscalar()) for l in losses)   # read after the step
out = {k: np.stack([d.asnumpy() for d in p.list_data()])
       for k, p in net.collect_params().items()}
out["loss"] = np.array(total)
out["spmd_backwards"] = np.array(mx.engine.stats()["spmd_backwards"])
np.savez(sys.argv[3], **out)
"""


@pytest.mark.parametrize("mode", ["imperative", "hybridized", "clipped"])
def test_spmd_backward_equals_each_device_op_by_op_with_batchnorm(tmp_path, mode):
    """A conv + BatchNorm network on 4 devices: the SPMD backward gives the parameters
    and every device's own moving statistics of running each device op by op."""
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=4")
    res = {}
    for how in ("spmd", "op_by_op"):
        out = str(tmp_path / ("%s.npz" % how))
        proc = subprocess.run([sys.executable, "-c", _BN_RUN, how, mode, out], env=env,
                              timeout=400, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr[-3000:]
        res[how] = dict(np.load(out))
    # convolutions: compiled whole at the first sighting, so every step is one SPMD
    # program; hybridized, the first step after deferred initialization records a
    # different wiring on device 0 than on the others and runs device by device
    assert int(res["spmd"]["spmd_backwards"]) == (3 if mode == "hybridized" else 4)
    assert int(res["op_by_op"]["spmd_backwards"]) == 0
    means = [k for k in res["spmd"] if k.endswith("running_mean")]
    assert means and not np.allclose(res["spmd"][means[0]][0], res["spmd"][means[0]][1])
    for k, v in res["op_by_op"].items():
        if k != "spmd_backwards":
            np.testing.assert_allclose(res["spmd"][k], v, rtol=1e-5, atol=1e-6)
