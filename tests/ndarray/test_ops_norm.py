"""BatchNorm (BatchNorm_v1, contrib SyncBatchNorm / BatchNormWithReLU), LayerNorm,
InstanceNorm, GroupNorm, L2Normalization and LRN against MXNet 1.9.1 golden values:
outputs, gradients of data/gamma/beta, and the moving statistics (and gamma) that
BatchNorm writes in place."""
import numpy as np
import pytest

import mxjax as mx
from mxjax import nd, autograd
from mxjax.base import MXNetError
from spatial_golden import cases, replay, check_coverage


@pytest.mark.parametrize("c", cases("nn_norm"))
def test_golden(c):
    replay(c)


# registered operator -> its mx.nd path; each one has golden cases in nn_norm.npz
OPS = {
    "BatchNorm": "BatchNorm",
    "BatchNorm_v1": "BatchNorm_v1",
    "_contrib_SyncBatchNorm": "contrib.SyncBatchNorm",
    "_contrib_BatchNormWithReLU": "contrib.BatchNormWithReLU",
    "LayerNorm": "LayerNorm",
    "InstanceNorm": "InstanceNorm",
    "GroupNorm": "GroupNorm",
    "L2Normalization": "L2Normalization",
    "LRN": "LRN",
}


def test_golden_cases_cover_every_operator():
    check_coverage("nn_norm", OPS)


def _bn_arrays(ch=3):
    rs = np.random.RandomState(0)
    x = nd.array(rs.randn(4, ch, 2, 2))
    g, b = nd.array(rs.uniform(0.5, 1.5, ch)), nd.array(rs.randn(ch))
    mm, mv = nd.array(rs.randn(ch) * 0.2), nd.array(rs.uniform(0.5, 2, ch))
    return x, g, b, mm, mv


def test_batchnorm_moving_stats_updated_only_when_recorded_in_training():
    x, g, b, mm, mv = _bn_arrays()
    mm0, mv0 = mm.asnumpy().copy(), mv.asnumpy().copy()
    nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False).wait_to_read()
    with autograd.train_mode():
        nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False).wait_to_read()
    g.attach_grad()
    with autograd.record(train_mode=False):
        nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False).wait_to_read()
    with autograd.record():
        nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False, use_global_stats=True).wait_to_read()
    np.testing.assert_array_equal(mm.asnumpy(), mm0)
    np.testing.assert_array_equal(mv.asnumpy(), mv0)
    with autograd.record():
        y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False, momentum=0.8)
    y.backward()
    xn = x.asnumpy()
    np.testing.assert_allclose(mm.asnumpy(), mm0 * 0.8 + 0.2 * xn.mean((0, 2, 3)), rtol=1e-6)
    np.testing.assert_allclose(mv.asnumpy(), mv0 * 0.8 + 0.2 * xn.var((0, 2, 3)), rtol=1e-6)
    # the written statistics leave no differentiable graph behind
    assert all(a._node is None or not a._node.recorded for a in (mm, mv))


def test_batchnorm_recorded_without_backward_chains_no_graphs():
    """Training-mode calls leave the new statistics pending (they are computed with the
    step's program); the next call reads them and cuts them from the old graph, so
    forwards recorded without a backward do not chain into one growing graph."""
    x, g, b, mm, mv = _bn_arrays()
    mm0, mv0 = mm.asnumpy().astype(np.float64), mv.asnumpy().astype(np.float64)
    g.attach_grad()
    for _ in range(30):
        with autograd.record():
            y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False, momentum=0.5)
    names = autograd.get_symbol(y).get_internals().list_outputs()
    assert len(names) < 12, names
    xn = x.asnumpy().astype(np.float64)
    mean, var = xn.mean((0, 2, 3)), xn.var((0, 2, 3))
    np.testing.assert_allclose(mm.asnumpy(), mm0 * 0.5 ** 30 + mean * (1 - 0.5 ** 30), rtol=1e-5)
    np.testing.assert_allclose(mv.asnumpy(), mv0 * 0.5 ** 30 + var * (1 - 0.5 ** 30), rtol=1e-5)


def test_batchnorm_repeated_training_steps_compile_once_and_accumulate():
    x, g, b, mm, mv = _bn_arrays()
    g.attach_grad()
    mm_ref = mm.asnumpy().astype(np.float64)
    for _ in range(3):
        with autograd.record():
            y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)
            loss = (y * y).sum()
        loss.backward()
        mm_ref = mm_ref * 0.9 + 0.1 * x.asnumpy().mean((0, 2, 3))
    np.testing.assert_allclose(mm.asnumpy(), mm_ref, rtol=1e-5)


def test_batchnorm_out_and_internal_operator():
    x, g, b, mm, mv = _bn_arrays()
    out = nd.zeros(x.shape)
    r = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False, out=out)
    assert r is out
    ref = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)
    np.testing.assert_allclose(out.asnumpy(), ref.asnumpy())
    raw = nd._internal.BatchNorm(x, g, b, mm, mv, fix_gamma=False)
    assert len(raw) == 5  # out, mean, inv_std, new moving mean, new moving var
    np.testing.assert_allclose(raw[0].asnumpy(), ref.asnumpy())


def test_batchnorm_positional_attributes():
    x, g, b, mm, mv = _bn_arrays()
    a = nd.BatchNorm(x, g, b, mm, mv, 1e-2, 0.9, False)
    r = nd.BatchNorm(x, g, b, mm, mv, eps=1e-2, fix_gamma=False)
    np.testing.assert_allclose(a.asnumpy(), r.asnumpy())


def test_batchnorm_errors():
    x, g, b, mm, mv = _bn_arrays()
    with pytest.raises(MXNetError, match=r"BatchNorm.*gamma.*\(4\)"):
        nd.BatchNorm(x, nd.ones((4,)), b, mm, mv)
    with pytest.raises(MXNetError, match="BatchNorm.*moving_var"):
        nd.BatchNorm(x, g, b, mm)
    with pytest.raises(MXNetError, match="BatchNorm.*unexpected"):
        nd.BatchNorm(x, g, b, mm, mv, bogus=1)


def test_sync_batchnorm_equals_batchnorm_on_one_device():
    x, g, b, mm, mv = _bn_arrays()
    mm2, mv2 = mm.copy(), mv.copy()
    g.attach_grad()
    with autograd.record():
        y1 = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)
        y2 = nd.contrib.SyncBatchNorm(x, g, b, mm2, mv2, fix_gamma=False, key="k", ndev=1)
    np.testing.assert_allclose(y1.asnumpy(), y2.asnumpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(mm.asnumpy(), mm2.asnumpy(), rtol=1e-6)


def test_group_norm_matches_numpy():
    x = np.random.RandomState(1).randn(2, 6, 4)
    out = nd.GroupNorm(nd.array(x), nd.ones((3,)), nd.zeros((3,)), num_groups=3)
    xg = x.reshape(2, 3, -1)
    ref = ((xg - xg.mean(-1, keepdims=True)) / np.sqrt(xg.var(-1, keepdims=True) + 1e-5))
    np.testing.assert_allclose(out.asnumpy(), ref.reshape(x.shape), rtol=1e-4, atol=1e-5)


def test_batchnorm_v1_positional_attributes_after_three_arrays():
    x, g, b, _, _ = _bn_arrays()
    a = nd.BatchNorm_v1(x, g, b, 1e-2, 0.9, False)
    r = nd.BatchNorm_v1(x, g, b, eps=1e-2, fix_gamma=False)
    np.testing.assert_allclose(a.asnumpy(), r.asnumpy())


@pytest.mark.parametrize("layer", ["BatchNorm", "InstanceNorm", "GroupNorm"])
def test_constant_input_gradient_is_exactly_zero_recorded_or_hybridized(layer):
    # MXNet 1.9.1's closed-form backward: ones through BatchNorm/GroupNorm in training
    # give a data gradient of exactly 0 (its InstanceNorm kernel gives 3.05e-5; ours 0);
    # the sum of a recorded op-by-op VJP used to leave ~4e-4 (MXNet's test_batchnorm)
    from mxjax.gluon import nn
    make = {"BatchNorm": lambda: nn.BatchNorm(in_channels=10),
            "InstanceNorm": lambda: nn.InstanceNorm(in_channels=10),
            "GroupNorm": lambda: nn.GroupNorm()}[layer]
    net = make()
    net.initialize()
    for hybridize in (False, True):
        if hybridize:
            net.hybridize()
        x = nd.ones((2, 10, 10, 10))
        x.attach_grad()
        with autograd.record():
            out = net(x)
        out.backward()
        assert np.abs(out.asnumpy()).max() == 0
        assert np.abs(x.grad.asnumpy()).max() == 0, (layer, hybridize)


@pytest.mark.parametrize("layer", ["GroupNorm", "InstanceNorm", "BatchNorm"])
def test_constant_input_normalizes_to_exactly_zero_imperative_and_hybridized(layer):
    # MXNet gives exactly 0 (output minus beta, and the input gradient); XLA's fused
    # x - sum * (1/n) must not leave rounding noise scaled by 1/sqrt(eps)
    from mxjax.gluon import nn
    make = {"GroupNorm": lambda: nn.GroupNorm(num_groups=2),
            "InstanceNorm": lambda: nn.InstanceNorm(),
            "BatchNorm": lambda: nn.BatchNorm()}[layer]
    net = make()
    net.initialize()
    for hybridize in (False, True, True):
        if hybridize:
            net.hybridize()
        x = mx.nd.ones((2, 10, 10, 10))
        x.attach_grad()
        with mx.autograd.record():
            out = net(x)
        out.backward()
        assert np.abs(out.asnumpy()).max() == 0.0
        assert np.abs(x.grad.asnumpy()).max() == 0.0
