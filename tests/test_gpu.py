"""mx.gpu() on a real GPU: arrays live there, operators, gradients and a Gluon training step
give what the same code gives on mx.cpu() (MXNet's own GPU suite checks the same way, with
``check_consistency``). Skipped where JAX sees no GPU (CI); ``bench/device_run.sh`` runs it
on a lent GPU machine.

Float32 matrix products and convolutions on an NVIDIA GPU use TF32 in MXNet 1.9.1 (cuBLAS
``CUBLAS_TF32_TENSOR_OP_MATH`` from CUDA 11, cuDNN's default) and in XLA alike, so they are
compared at TF32's tolerance; element-wise operators at float32's.
"""
import numpy as np
import pytest

import mxjax as mx
from mxjax import autograd, gluon, nd

pytestmark = pytest.mark.skipif(mx.num_gpus() == 0, reason="no GPU visible to JAX")

TF32 = dict(rtol=2e-2, atol=2e-2)
F32 = dict(rtol=1e-5, atol=1e-6)


def _on_both(fn, *arrays):
    """``fn`` on copies of ``arrays`` on cpu(0) and on gpu(0): (cpu result, gpu result)."""
    outs = []
    for ctx in (mx.cpu(0), mx.gpu(0)):
        args = [nd.array(a, ctx=ctx, dtype=a.dtype) for a in arrays]
        out = fn(*args)
        assert out.context == ctx, (fn, out.context)
        outs.append(out.asnumpy())
    return outs


def test_arrays_live_on_the_gpu_and_copy_back():
    a = nd.arange(6, ctx=mx.gpu(0)).reshape((2, 3))
    assert a.context == mx.gpu(0)
    assert {d.platform for d in a.data.devices()} == {"gpu"}
    b = a.as_in_context(mx.cpu())
    assert b.context == mx.cpu() and {d.platform for d in b.data.devices()} == {"cpu"}
    c = nd.zeros((2, 3), ctx=mx.gpu(0))
    b.copyto(c)
    assert c.context == mx.gpu(0)
    np.testing.assert_array_equal(c.asnumpy(), np.arange(6).reshape(2, 3))
    with mx.gpu(0):
        assert nd.ones((2,)).context == mx.gpu(0)
    assert nd.ones((2,)).context == mx.cpu(0)


def test_mixing_cpu_and_gpu_inputs_is_an_mxnet_error():
    a = nd.ones((2,), ctx=mx.cpu())
    g = nd.ones((2,), ctx=mx.gpu(0))
    with pytest.raises(mx.MXNetError, match="same context"):
        nd.elemwise_add(a, g)
    np.testing.assert_array_equal(a.asnumpy(), [1, 1])


@pytest.mark.parametrize("name,fn", [
    ("exp_tanh", lambda x: nd.tanh(nd.exp(x * 0.1))),
    ("softmax", lambda x: nd.softmax(x, axis=-1)),
    ("sum_axis", lambda x: nd.sum(x, axis=1)),
    ("topk", lambda x: nd.topk(x, k=3, ret_typ="value")),
    ("sort", lambda x: nd.sort(x, axis=-1)),
    ("transpose_slice", lambda x: nd.transpose(x)[1:5]),
])
def test_elementwise_and_reductions_match_cpu(name, fn):
    x = np.random.RandomState(0).randn(16, 24).astype(np.float32)
    cpu, gpu = _on_both(fn, x)
    np.testing.assert_allclose(gpu, cpu, **F32)


@pytest.mark.parametrize("name,fn,shapes", [
    ("dot", lambda a, b: nd.dot(a, b), [(64, 128), (128, 32)]),
    ("batch_dot", lambda a, b: nd.batch_dot(a, b), [(4, 16, 32), (4, 32, 8)]),
    ("convolution", lambda x, w: nd.Convolution(x, w, kernel=(3, 3), num_filter=8,
                                                no_bias=True, pad=(1, 1)),
     [(2, 4, 12, 12), (8, 4, 3, 3)]),
    ("fully_connected", lambda x, w: nd.FullyConnected(x, w, num_hidden=16, no_bias=True),
     [(8, 40), (16, 40)]),
])
def test_matrix_products_match_cpu_at_tf32_tolerance(name, fn, shapes):
    rs = np.random.RandomState(1)
    arrays = [rs.uniform(-1, 1, s).astype(np.float32) for s in shapes]
    cpu, gpu = _on_both(fn, *arrays)
    np.testing.assert_allclose(gpu, cpu, **TF32)


def test_float64_stays_float64_on_the_gpu():
    x = np.random.RandomState(2).randn(8, 8)
    cpu, gpu = _on_both(lambda a: nd.dot(a, a), x)
    assert gpu.dtype == np.float64
    np.testing.assert_allclose(gpu, cpu, rtol=1e-12)


def test_gradients_match_cpu():
    rs = np.random.RandomState(3)
    xs = rs.randn(4, 6).astype(np.float32)
    grads = []
    for ctx in (mx.cpu(), mx.gpu(0)):
        x = nd.array(xs, ctx=ctx)
        x.attach_grad()
        with autograd.record():
            y = (nd.sigmoid(x) * nd.log1p(nd.abs(x))).sum()
        y.backward()
        assert x.grad.context == ctx
        grads.append(x.grad.asnumpy())
    np.testing.assert_allclose(grads[1], grads[0], **F32)


def _train(ctx, hybridize):
    mx.random.seed(7)
    net = gluon.nn.HybridSequential()
    net.add(gluon.nn.Conv2D(8, 3, padding=1), gluon.nn.BatchNorm(), gluon.nn.Activation("relu"),
            gluon.nn.GlobalAvgPool2D(), gluon.nn.Dense(5))
    net.initialize(mx.init.Xavier(), ctx=ctx)
    if hybridize:
        net.hybridize()
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1, "momentum": 0.9})
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    rs = np.random.RandomState(4)
    x = nd.array(rs.rand(6, 3, 10, 10).astype(np.float32), ctx=ctx)
    y = nd.array(rs.randint(0, 5, 6).astype(np.float32), ctx=ctx)
    losses = []
    for _ in range(3):
        with autograd.record():
            loss = loss_fn(net(x), y)
        loss.backward()
        trainer.step(6)
        losses.append(loss.mean().asscalar())
    params = [v.data(ctx) for v in net.collect_params().values()]
    assert all(p.context == ctx for p in params)
    return losses, [p.asnumpy() for p in params]


@pytest.mark.parametrize("hybridize", [False, True])
def test_gluon_training_matches_cpu(hybridize):
    cpu_losses, cpu_params = _train(mx.cpu(), hybridize)
    gpu_losses, gpu_params = _train(mx.gpu(0), hybridize)
    np.testing.assert_allclose(gpu_losses, cpu_losses, **TF32)
    assert len(gpu_params) == len(cpu_params) == 8
    for i, (g, c) in enumerate(zip(gpu_params, cpu_params)):
        np.testing.assert_allclose(g, c, err_msg="parameter %d" % i, **TF32)


def test_parameters_on_cpu_and_gpu_stay_in_step():
    net = gluon.nn.Dense(3, in_units=4)
    net.initialize(ctx=[mx.cpu(0), mx.gpu(0)])
    w = net.weight.list_data()
    assert [a.context for a in w] == [mx.cpu(0), mx.gpu(0)]
    np.testing.assert_array_equal(w[0].asnumpy(), w[1].asnumpy())
    trainer = gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": 0.5})
    xs = np.ones((2, 4), np.float32)
    with autograd.record():
        losses = [net(nd.array(xs, ctx=c)).sum() for c in (mx.cpu(0), mx.gpu(0))]
    autograd.backward(losses)
    trainer.step(4)
    w = net.weight.list_data()
    np.testing.assert_allclose(w[1].asnumpy(), w[0].asnumpy(), **F32)


def test_kvstore_device_sums_gpu_and_cpu_values():
    kv = mx.kv.create("device")
    kv.init(3, nd.zeros((2, 2), ctx=mx.gpu(0)))
    kv.push(3, [nd.ones((2, 2), ctx=mx.gpu(0)), nd.ones((2, 2), ctx=mx.cpu()) * 2])
    out = nd.zeros((2, 2), ctx=mx.gpu(0))
    kv.pull(3, out=out)
    assert out.context == mx.gpu(0)
    np.testing.assert_array_equal(out.asnumpy(), np.full((2, 2), 3.0))
