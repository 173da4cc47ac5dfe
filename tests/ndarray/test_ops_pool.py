"""Pooling, Pooling_v1, contrib AdaptiveAvgPooling2D, ROIPooling and contrib ROIAlign
against MXNet 1.9.1 golden values (forward, gradients including max-pool ties, error
cases); 'same' convention (which MXNet 1.9.1 cannot run) against a NumPy reference."""
import numpy as np
import pytest

from mxjax import nd, autograd
from mxjax.base import MXNetError
from spatial_golden import cases, replay


@pytest.mark.parametrize("c", cases("nn_pool"))
def test_golden(c):
    replay(c)


@pytest.mark.parametrize("c", cases("nn_roi"))
def test_golden_roi(c):
    replay(c)


def test_roi_align_negative_batch_index_gives_zeros():
    x = nd.array(np.random.RandomState(0).randn(2, 3, 4, 4))
    rois = nd.array([[-1, 0, 0, 3, 3], [1, 0, 0, 3, 3]])
    out = nd.contrib.ROIAlign(x, rois, pooled_size=(2, 2), spatial_scale=1.0).asnumpy()
    assert np.all(out[0] == 0) and np.any(out[1] != 0)


def test_roi_align_large_sample_ratio():
    x = nd.array(np.random.RandomState(0).randn(1, 2, 3, 3))
    rois = nd.array([[0, 0, 0, 2, 2]])
    # 40 samples per bin over a 3x3 map: every sample is enumerated
    a = nd.contrib.ROIAlign(x, rois, pooled_size=(1, 1), spatial_scale=1.0, sample_ratio=40)
    pos = (np.arange(40) + 0.5) * 2 / 40
    lo = np.minimum(pos.astype(int), 2)
    hi = np.minimum(lo + 1, 2)
    fr = pos - lo
    wts = np.zeros(3)
    np.add.at(wts, lo, 1 - fr)
    np.add.at(wts, hi, fr)
    ref = np.einsum("h,chw,w->c", wts, x.asnumpy()[0], wts) / 1600
    np.testing.assert_allclose(a.asnumpy().ravel(), ref, rtol=1e-5)


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
