"""Pooling, Pooling_v1 and contrib AdaptiveAvgPooling2D against MXNet 1.9.1 golden values
(forward, gradients including max-pool ties, error cases); 'same' convention (which
MXNet 1.9.1 cannot run) against a NumPy reference."""
import numpy as np
import pytest

from mxjax import nd, autograd
from mxjax.base import MXNetError
from spatial_golden import cases, replay, check_coverage


@pytest.mark.parametrize("c", cases("nn_pool"))
def test_golden(c):
    replay(c)


# registered operator -> its mx.nd path; each one has golden cases in nn_pool.npz
OPS = {
    "Pooling": "Pooling",
    "Pooling_v1": "Pooling_v1",
    "_contrib_AdaptiveAvgPooling2D": "contrib.AdaptiveAvgPooling2D",
}


def test_golden_cases_cover_every_operator():
    check_coverage("nn_pool", OPS)


def test_same_convention_1d_max():
    x = np.random.RandomState(0).randn(2, 3, 7).astype("float32")
    out = nd.Pooling(nd.array(x), kernel=(3,), stride=(2,), pooling_convention="same")
    # ceil(7/2) = 4 outputs; total padding (4-1)*2+3-7 = 2, one on each side
    xp = np.pad(x, [(0, 0), (0, 0), (1, 1)], constant_values=-np.inf)
    ref = np.stack([xp[..., 2 * i:2 * i + 3].max(-1) for i in range(4)], -1)
    np.testing.assert_allclose(out.asnumpy(), ref)


def test_max_pool_gradient_goes_to_first_maximum():
    x = nd.array([[[[1, 1, 0], [1, 1, 0], [0, 0, 0]]]])
    x.attach_grad()
    with autograd.record():
        y = nd.Pooling(x, kernel=(2, 2), stride=(1, 1))
    y.backward(nd.array([[[[1, 2], [3, 4]]]]))
    np.testing.assert_array_equal(x.grad.asnumpy().ravel(), [1, 2, 0, 3, 4, 0, 0, 0, 0])


def test_lp2_gradient_is_zero_on_zero_window():
    x = nd.zeros((1, 1, 2, 2))
    x.attach_grad()
    with autograd.record():
        y = nd.Pooling(x, kernel=(2, 2), pool_type="lp", p_value=2)
    y.backward()
    np.testing.assert_array_equal(x.grad.asnumpy(), np.zeros((1, 1, 2, 2)))


def test_errors_name_operator():
    x = nd.zeros((2, 3, 5, 5))
    with pytest.raises(MXNetError, match=r"Pooling.*\(2,2\)"):
        nd.Pooling(x, kernel=(2, 2), pad=(2, 2))
    with pytest.raises(MXNetError, match="Pooling.*p_value"):
        nd.Pooling(x, kernel=(2, 2), pool_type="lp")
    with pytest.raises(MXNetError, match="AdaptiveAvgPooling2D"):
        nd.contrib.AdaptiveAvgPooling2D(nd.zeros((2, 3, 5)), output_size=2)


@pytest.mark.parametrize("pool_type", ["avg", "sum"])
@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
def test_global_sum_pooling_is_a_reduction_without_window_gradient(pool_type, layout):
    # the gradient of reduce_window's sum is a window sum of the padded cotangent, which
    # XLA constant-folds slowly when the cotangent is backward()'s constant head gradient
    # (MXNet's test_gluon::test_slice_pooling2d): global pooling must be a plain reduction
    import jax
    import jax.numpy as jnp
    from mxjax.ndarray.ops.pool import pooling

    x = np.arange(2 * 3 * 4 * 5, dtype=np.float32).reshape(2, 3, 4, 5) / 7
    if layout == "NHWC":
        x = x.transpose(0, 2, 3, 1)

    def f(v):
        return pooling(v, kernel=(1, 1), pool_type=pool_type, global_pool=True,
                       layout=layout).sum()

    jaxpr = str(jax.make_jaxpr(jax.grad(f))(jnp.asarray(x)))
    assert "reduce_window" not in jaxpr
    axes = (2, 3) if layout == "NCHW" else (1, 2)
    a = nd.array(x)
    a.attach_grad()
    with autograd.record():
        y = nd.Pooling(a, kernel=(1, 1), pool_type=pool_type, global_pool=True, layout=layout)
    y.backward()
    expect = x.sum(axis=axes, keepdims=True) / (20 if pool_type == "avg" else 1)
    np.testing.assert_allclose(y.asnumpy(), expect, rtol=1e-6)
    np.testing.assert_allclose(a.grad.asnumpy(), np.full(x.shape, 1 / 20 if pool_type == "avg"
                                                         else 1, np.float32), rtol=1e-6)
