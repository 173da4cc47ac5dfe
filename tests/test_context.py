"""Contexts are devices: with 4 forced CPU devices (in a subprocess, so the rest of
the suite keeps one device) cpu(i) is device i, copies move arrays, operators on two
CPU contexts follow MXNet (result on the first input's context)."""
import os
import subprocess
import sys

import mxjax as mx

SCRIPT = r"""
import jax
import mxjax as mx
from mxjax import nd
from mxjax.context import context_of_device
devs = jax.local_devices(backend="cpu")
assert len(devs) == 4, devs
for i in range(4):
    assert mx.cpu(i).jax_device == devs[i]
    assert context_of_device(devs[i]) == mx.cpu(i)
a = nd.ones((2, 3), ctx=mx.cpu(1))
assert a.data.devices() == {devs[1]}
b = a.as_in_context(mx.cpu(3))
assert b.context == mx.cpu(3) and b.data.devices() == {devs[3]}
c = nd.zeros((2, 3), ctx=mx.cpu(2))
a.copyto(c)
assert c.data.devices() == {devs[2]} and c.asnumpy().sum() == 6
d = b + a * 2  # MXNet: CPU contexts mix, the result is on the first input's
assert d.context == mx.cpu(3) and d.data.devices() == {devs[3]}
assert (d.asnumpy() == 3).all()
assert mx.cpu(7).jax_device == devs[0]
ngpu = sum(d.platform == "gpu" for d in jax.devices())  # forced CPU devices are not GPUs
assert mx.context.num_gpus() == ngpu and list(mx.test_utils.list_gpus()) == list(range(ngpu))
print("ok")
"""


def test_cpu_contexts_are_forced_host_devices():
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=4")
    proc = subprocess.run([sys.executable, "-c", SCRIPT], env=env, timeout=240,
                          capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-3000:]


def test_one_device_contexts_share_it():
    a = mx.nd.ones((2,), ctx=mx.cpu(1))
    assert a.context == mx.cpu(1)
    assert (a + mx.nd.ones((2,), ctx=mx.cpu(0))).context == mx.cpu(1)


def test_mixing_device_types_raises_mxnet_error(monkeypatch):
    import pytest
    from mxjax.ndarray import registry
    from mxjax.ndarray.ndarray import NDArray

    class FakeGpu:  # stands for a GPU device on this CPU-only machine
        platform = "gpu"

    real = registry.jax_device
    monkeypatch.setattr(registry, "jax_device",
                        lambda ctx: FakeGpu() if ctx.device_type == "gpu" else real(ctx))
    a = mx.nd.ones((2,))
    g = NDArray._from_jax(a.data, mx.gpu(0))
    with pytest.raises(mx.MXNetError, match=r"require all inputs live on the same context\. "
                       r"But the first argument is on cpu\(0\) while the 2-th argument is "
                       r"on gpu\(0\)"):
        mx.nd.elemwise_add(a, g)
