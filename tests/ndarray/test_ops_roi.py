"""ROIPooling and contrib ROIAlign against MXNet 1.9.1 golden values (forward, data
gradients with ties, the boxes' zero gradient, error cases)."""
import numpy as np
import pytest

from mxjax import nd
from spatial_golden import cases, replay, check_coverage


@pytest.mark.parametrize("c", cases("nn_roi"))
def test_golden_roi(c):
    replay(c)


# registered operator -> its mx.nd path; each one has golden cases in nn_roi.npz
OPS = {
    "ROIPooling": "ROIPooling",
    "_contrib_ROIAlign": "contrib.ROIAlign",
}


def test_golden_cases_cover_every_operator():
    check_coverage("nn_roi", OPS)


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
