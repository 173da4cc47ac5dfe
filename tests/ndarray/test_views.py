"""NDArray views (mxjax.ndarray.views): arrays sharing memory as MXNet 1.9.1's do.

The cases (tools/golden/views_cases.py) ran under MXNet 1.9.1 wrote
tests/golden/views.npz; here they run with mxjax and must read back the same values.
"""
import os
import sys

import numpy as np
import pytest

import mxjax as mx
from mxjax import nd, autograd
from mxjax.ndarray import views
from golden_utils import load, assert_matches

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tools", "golden"))
import views_cases  # noqa: E402

GOLDEN = load("views")


@pytest.fixture(scope="module")
def ours():
    return views_cases.run(mx)


@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_case_matches_mxnet(ours, case):
    assert set(ours[case]) == set(GOLDEN[case])
    for field, expected in GOLDEN[case].items():
        assert_matches(ours[case][field], expected, rtol=0, atol=0)


def test_every_case_has_a_golden_value(ours):
    assert set(ours) == set(GOLDEN)


def test_shared_memory_in_both_directions():
    a = nd.arange(12).reshape((3, 4))
    v = a[1]
    v[:] = 5
    assert a.asnumpy()[1].tolist() == [5, 5, 5, 5]
    a[1, 2] = -1
    assert v.asnumpy().tolist() == [5, 5, -1, 5]


def test_a_copy_is_not_a_view():
    a = nd.arange(12).reshape((3, 4))
    c = a[:, 1]          # not contiguous: a copy
    s = a[::2]           # strided: a copy
    f = a.flatten()      # a copy unless inplace=True
    a[:] = 0
    assert c.asnumpy().tolist() == [1, 5, 9]
    assert s.asnumpy()[1].tolist() == [8, 9, 10, 11]
    assert f.asnumpy()[2].tolist() == [8, 9, 10, 11]
    assert c._view is None and s._view is None and f._view is None


def test_view_of_pending_value_recorded_gradient():
    # A view made while recording is the recorded operator: the gradient flows through
    # it as through any operator (checked against jax.grad of the same function).
    import jax
    import jax.numpy as jnp
    x0 = np.arange(12, dtype=np.float32).reshape(3, 4) / 7
    x = nd.array(x0)
    x.attach_grad()
    with autograd.record():
        y = (x[1:3].reshape((8,)) ** 2).sum() + (x[0] * x[2]).sum()
    y.backward()

    def f(z):
        return (z[1:3].reshape(8) ** 2).sum() + (z[0] * z[2]).sum()
    np.testing.assert_allclose(x.grad.asnumpy(), np.asarray(jax.grad(f)(jnp.asarray(x0))),
                               rtol=1e-6)


def test_view_dies_and_root_forgets_it():
    a = nd.zeros((100, 3))
    for i in range(100):
        a[i][:] = i
    assert a.asnumpy()[:, 0].tolist() == list(range(100))
    assert len(a._view.refs) <= 2 * 8  # dead views are forgotten now and then
    assert not a._view.live()


def test_root_given_another_size_drops_its_views():
    a = nd.arange(6)
    v = a[4:6]
    a._set_data(nd.zeros((2,)).data)  # (internal replacement by a smaller value)
    assert v._view is None
    assert v.asnumpy().tolist() == [4, 5]


def test_contiguity_rule_matches_numpy():
    shape = (3, 4, 5)
    x = np.arange(60).reshape(shape)
    sl = [slice(None), slice(1), slice(1, 3), slice(None, None, 2), slice(None, None, -1),
          slice(2, 3)]
    for k0 in sl:
        for k1 in sl:
            for k2 in sl:
                key = (k0, k1, k2)
                assert views.is_contiguous(key, shape) == x[key].flags.c_contiguous, key
                if views.is_contiguous(key, shape) and x[key].size:
                    begin, size = views.flat_range(key, shape)
                    assert np.array_equal(x.reshape(-1)[begin:begin + size],
                                          x[key].reshape(-1)), key


def test_views_of_parameters_follow_trainer_updates():
    # Trainer updates (fused with a deferred backward) and BatchNorm's running statistics
    # are writes into the parameter arrays: views of them read the new values.
    from mxjax import gluon
    net = gluon.nn.HybridSequential()
    net.add(gluon.nn.Dense(3, in_units=4), gluon.nn.BatchNorm(in_channels=3))
    net.initialize()
    net.hybridize()
    trainer = gluon.Trainer(net.collect_params(), "adam", {"learning_rate": 0.1})
    flat_w = net[0].weight.data().reshape((-1,))
    row_g = net[0].weight.grad()[1]
    mean = net[1].running_mean.data()[1:3]
    x = nd.array(np.random.RandomState(0).uniform(size=(5, 4)))
    for _ in range(2):
        with autograd.record():
            loss = net(x).sum()
        loss.backward()
        trainer.step(5)
        np.testing.assert_array_equal(flat_w.asnumpy(), net[0].weight.data().asnumpy().ravel())
        np.testing.assert_array_equal(row_g.asnumpy(), net[0].weight.grad().asnumpy()[1])
        np.testing.assert_array_equal(mean.asnumpy(), net[1].running_mean.data().asnumpy()[1:3])
