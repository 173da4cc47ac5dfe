"""mx.nd.contrib.rand_zipfian (mxjax/ndarray/contrib.py).

Expected counts are MXNet 1.9.1's formula, log((c+2)/(c+1)) / log(range_max+1) * num_sampled
(checked by hand against mx.nd.contrib.rand_zipfian in MXNet 1.9.1: 227.67 for class 0 of 20
with 1000 samples).
"""
import numpy as np

import mxjax as mx


def _prob(classes, range_max):
    classes = np.asarray(classes, dtype=np.float64)
    return np.log((classes + 2) / (classes + 1)) / np.log(range_max + 1)


def test_rand_zipfian_dtypes_shapes_and_counts():
    true = mx.nd.array([0, 3, 7]).astype("int32")
    sampled, cnt_true, cnt_sampled = mx.nd.contrib.rand_zipfian(true, 1000, 20)
    assert sampled.dtype == np.int64 and sampled.shape == (1000,)
    assert cnt_true.dtype == np.float64 and cnt_sampled.dtype == np.float64
    np.testing.assert_allclose(cnt_true.asnumpy(), _prob([0, 3, 7], 20) * 1000, rtol=1e-12)
    np.testing.assert_allclose(cnt_true.asnumpy()[0], 227.6702487, rtol=1e-8)
    s = sampled.asnumpy()
    assert s.min() >= 0 and s.max() < 20
    np.testing.assert_allclose(cnt_sampled.asnumpy(), _prob(s, 20) * 1000, rtol=1e-12)


def test_rand_zipfian_frequencies_follow_the_distribution():
    mx.random.seed(7)
    sampled, _, _ = mx.nd.contrib.rand_zipfian(mx.nd.array([1]), 20000, 50)
    freq = np.bincount(sampled.asnumpy(), minlength=50) / 20000.0
    np.testing.assert_allclose(freq, _prob(np.arange(50), 50), atol=0.01)


def test_symbolic_rand_zipfian():
    outs = mx.sym.contrib.rand_zipfian(mx.sym.var("t"), 500, 10)
    assert len(outs) == 3
    ex = mx.sym.Group(list(outs)).bind(mx.cpu(), {"t": mx.nd.array([0, 9])})
    sampled, cnt_true, cnt_sampled = ex.forward()
    assert sampled.dtype == np.int64 and sampled.shape == (500,)
    np.testing.assert_allclose(cnt_true.asnumpy(), _prob([0, 9], 10) * 500, rtol=1e-12)
    np.testing.assert_allclose(cnt_sampled.asnumpy(), _prob(sampled.asnumpy(), 10) * 500,
                               rtol=1e-12)
