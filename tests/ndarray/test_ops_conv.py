"""Convolution, Convolution_v1 and Deconvolution against MXNet 1.9.1 golden values
(forward, data/weight/bias gradients, error cases), plus channel-last layouts checked
against the channel-first result."""
import numpy as np
import pytest

from mxjax import nd, autograd
from mxjax.base import MXNetError
from spatial_golden import cases, replay, check_coverage


@pytest.mark.parametrize("c", cases("nn_conv"))
def test_golden(c):
    replay(c)


# registered operator -> its mx.nd path; each one has golden cases in nn_conv.npz
OPS = {
    "Convolution": "Convolution",
    "Convolution_v1": "Convolution_v1",
    "Deconvolution": "Deconvolution",
}


def test_golden_cases_cover_every_operator():
    check_coverage("nn_conv", OPS)


def _rand(*shape, seed=0):
    return nd.array(np.random.RandomState(seed).randn(*shape))


@pytest.mark.parametrize("nsp", [1, 2, 3])
def test_convolution_channel_last_matches_channel_first(nsp):
    sp = (5, 4, 4)[:nsp]
    x = _rand(2, 3, *sp)
    w = _rand(4, 3, *(2,) * nsp, seed=1)
    b = _rand(4, seed=2)
    kw = dict(kernel=(2,) * nsp, num_filter=4, stride=(2,) * nsp, pad=(1,) * nsp)
    ref = nd.Convolution(x, w, b, **kw).asnumpy()
    last = {1: "NWC", 2: "NHWC", 3: "NDHWC"}[nsp]
    to_last = (0,) + tuple(range(2, 2 + nsp)) + (1,)
    xl = nd.array(x.asnumpy().transpose(to_last))
    wl = nd.array(w.asnumpy().transpose(to_last))
    out = nd.Convolution(xl, wl, b, layout=last, **kw).asnumpy()
    np.testing.assert_allclose(out, ref.transpose(to_last), rtol=1e-5, atol=1e-5)


def test_deconvolution_channel_last_matches_channel_first():
    x = _rand(2, 4, 3, 3)
    w = _rand(4, 3, 3, 3, seed=1)
    kw = dict(kernel=(3, 3), num_filter=6, num_group=2, stride=(2, 2), pad=(1, 1), adj=(1, 1))
    ref = nd.Deconvolution(x, w, **kw).asnumpy()
    out = nd.Deconvolution(nd.array(x.asnumpy().transpose(0, 2, 3, 1)),
                           nd.array(w.asnumpy().transpose(0, 2, 3, 1)), layout="NHWC", **kw)
    np.testing.assert_allclose(out.asnumpy(), ref.transpose(0, 2, 3, 1), rtol=1e-5, atol=1e-5)


def test_deconvolution_is_gradient_of_convolution():
    x = _rand(2, 3, 5, 5)
    w = _rand(4, 3, 3, 3, seed=1)
    g = _rand(2, 4, 3, 3, seed=2)
    x.attach_grad()
    with autograd.record():
        y = nd.Convolution(x, w, kernel=(3, 3), num_filter=4, no_bias=True, stride=(2, 2),
                           pad=(1, 1))
    y.backward(g)
    d = nd.Deconvolution(g, w, kernel=(3, 3), num_filter=3, stride=(2, 2), pad=(1, 1))
    np.testing.assert_allclose(d.asnumpy(), x.grad.asnumpy(), rtol=1e-5, atol=1e-5)


def test_errors_name_operator_and_shapes():
    x = _rand(2, 3, 5, 5)
    with pytest.raises(MXNetError, match=r"Convolution.*\(4,2,3,3\)"):
        nd.Convolution(x, _rand(4, 2, 3, 3), _rand(4), kernel=(3, 3), num_filter=4)
    with pytest.raises(MXNetError, match="Convolution.*num_filter"):
        nd.Convolution(x, _rand(4, 3, 3, 3), kernel=(3, 3))
    with pytest.raises(MXNetError, match="Deconvolution.*adj"):
        nd.Deconvolution(x, _rand(3, 4, 3, 3), kernel=(3, 3), num_filter=4, stride=(2, 2),
                         adj=(3, 3))


def test_recorded_shape_error_raises_at_call():
    x = _rand(2, 3, 5, 5)
    x.attach_grad()
    with autograd.record():
        with pytest.raises(MXNetError, match="Convolution"):
            nd.Convolution(x, _rand(4, 2, 3, 3), _rand(4), kernel=(3, 3), num_filter=4)
