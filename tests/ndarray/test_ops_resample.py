"""UpSampling, contrib BilinearResize2D, GridGenerator, BilinearSampler and
SpatialTransformer against MXNet 1.9.1 golden values (forward, gradients of data,
weight and grid, error cases)."""
import numpy as np
import pytest

from mxjax import nd, autograd
from mxjax.base import MXNetError
from spatial_golden import cases, replay, check_coverage


@pytest.mark.parametrize("c", cases("nn_resample"))
def test_golden(c):
    replay(c)


# registered operator -> its mx.nd path; each one has golden cases in nn_resample.npz
OPS = {
    "UpSampling": "UpSampling",
    "_contrib_BilinearResize2D": "contrib.BilinearResize2D",
    "GridGenerator": "GridGenerator",
    "BilinearSampler": "BilinearSampler",
    "SpatialTransformer": "SpatialTransformer",
}


def test_golden_cases_cover_every_operator():
    check_coverage("nn_resample", OPS)


def test_bilinear_sampler_identity_grid_returns_data():
    x = nd.array(np.random.RandomState(0).randn(2, 3, 4, 5))
    theta = nd.array([[1, 0, 0, 0, 1, 0]] * 2)
    grid = nd.GridGenerator(theta, transform_type="affine", target_shape=(4, 5))
    np.testing.assert_allclose(nd.BilinearSampler(x, grid).asnumpy(), x.asnumpy(),
                               rtol=1e-5, atol=1e-5)


def test_upsampling_bilinear_doc_example():
    x = nd.ones((1, 1, 3, 3))
    w = nd.ones((1, 1, 4, 4))
    out = nd.UpSampling(x, w, scale=2, sample_type="bilinear", num_filter=1)
    row = [1, 2, 2, 2, 2, 1]
    np.testing.assert_array_equal(out.asnumpy()[0, 0], np.outer(row, row))


def test_resize_gradient_recorded():
    x = nd.array(np.random.RandomState(1).randn(1, 1, 3, 3))
    x.attach_grad()
    with autograd.record():
        y = nd.contrib.BilinearResize2D(x, height=5, width=5)
    y.backward()
    # align_corners: every input pixel's weights over the output sum to its share
    assert abs(x.grad.asnumpy().sum() - 25.0) < 1e-4


def test_errors_name_operator():
    with pytest.raises(MXNetError, match=r"BilinearSampler.*\(2,3,3,4\)"):
        nd.BilinearSampler(nd.zeros((2, 3, 4, 5)), nd.zeros((2, 3, 3, 4)))
    with pytest.raises(MXNetError, match="GridGenerator.*target_shape"):
        nd.GridGenerator(nd.zeros((2, 6)), transform_type="affine")
    with pytest.raises(MXNetError, match="BilinearResize2D.*scale_width"):
        nd.contrib.BilinearResize2D(nd.zeros((1, 1, 4, 4)), scale_height=2.0)
