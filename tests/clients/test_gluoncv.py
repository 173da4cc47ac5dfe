"""GluonCV through the mxnet alias (runs when gluoncv is installed; .ci/run installs it):
its model zoo builds and computes MXNet 1.9.1's predict-mode outputs and input gradients
(tests/golden/clients_gluoncv.npz, models and parameters in tests/clients_cv_cases.py).

Predict mode (``record(train_mode=False)``, ``backward(train_mode=False)``): BatchNorm on
its running statistics, no Dropout; the detectors return (class ids, scores, boxes) after
their NMS, FCN (segmentation, aux segmentation). The gradient is that of
sum(head_k * out_k) over all outputs; SSD and Faster R-CNN have none (MXNet 1.9.1
segfaults in their predict-mode backward). Outputs within rtol 1e-4 and atol 1e-4 x the
largest entry; gradients too (densenet121: atol 1e-3 x the largest, float32 sums through
121 layers and their concatenations).

resnet50_v1b and fcn_resnet50_voc (FLOAT64_GRAD) compare their input gradient in float64
(the network cast after the float32 output check; atol 1e-10 x the largest entry): at the
seeded input each has a kink within float32 rounding (resnet50_v1b: two ReLU inputs of
layer1[2] at ~1e-7; fcn: two values of a max-pooling window 1.95e-8 apart), so its float32
gradient depends on the order of float32 sums: MXNet's float32 resnet50_v1b gradient is
2.7% (of the largest entry) off the float64 one, mxjax's float32 fcn gradient 2%. In
float64, mxjax's and MXNet's agree to 3e-15. (Both take the gradient of a max-pooling tie
to the window's first maximum, tests/ndarray/test_ops_pool.py; of ReLU at 0, zero.)

cifar_resnet20_v1 runs by default; the other nine (each compiles for one to four minutes
on a loaded 2-CPU machine) with MXJAX_DEEP=1."""
import os

import numpy as np
import pytest

import mxjax

mxjax.install_mxnet_alias()
gluoncv = pytest.importorskip("gluoncv")

from clients_cv_cases import FLOAT64_GRAD, MODELS, NO_GRAD, build, fill, flat, heads  # noqa: E402
from golden_utils import load, assert_matches  # noqa: E402

G = load("clients_gluoncv")
DEEP = os.environ.get("MXJAX_DEEP") == "1"
QUICK = ("cifar_resnet20_v1",)
GRAD_ATOL = {"densenet121": 1e-3}


def _cases():
    for name in MODELS:
        marks = [] if name in QUICK or DEEP else [
            pytest.mark.skip(reason="slow to compile: MXJAX_DEEP=1 runs it")]
        yield pytest.param(name, marks=marks)


@pytest.mark.parametrize("hybridize", [False, True])
@pytest.mark.parametrize("name", list(_cases()))
def test_model_zoo_matches_mxnet(name, hybridize):
    import mxnet as mx
    c = G[name]
    net, x = build(mx, gluoncv, name)
    assert np.isclose(x.asnumpy().sum(dtype=np.float64), c["x_sum"], rtol=1e-12)
    assert ",".join(fill(mx, net, name)) == str(c["names"])
    if hybridize:
        net.hybridize()
    x.attach_grad()
    with mx.autograd.record(train_mode=False):
        outs = flat(net(x))
    hs = heads(outs)
    np.testing.assert_allclose([h.sum(dtype=np.float64) for h in hs], c["heads_sum"], rtol=1e-12)
    for k, o in enumerate(outs):
        e = c["out%d" % k]
        # float32 sums through 50-100 layers: tolerance relative to the largest entry
        assert_matches(o, e, rtol=1e-4, atol=1e-4 * abs(e).max())
    if name in NO_GRAD:
        return
    if name in FLOAT64_GRAD:  # the gradient in float64 (see the docstring)
        net.cast("float64")
        x = x.astype("float64")
        x.attach_grad()
        with mx.autograd.record(train_mode=False):
            outs = flat(net(x))
    mx.autograd.backward(outs, [mx.nd.array(h, dtype=o.dtype) for h, o in zip(hs, outs)],
                         train_mode=False)
    g = c["grad_x"]
    if name in FLOAT64_GRAD:
        assert_matches(x.grad, g, rtol=1e-9, atol=1e-10 * abs(g).max())
        return
    atol = GRAD_ATOL.get(name, 1e-4) * abs(g).max()
    assert_matches(x.grad, g, rtol=1e-4, atol=atol)


def test_import_gives_mxnet_version():
    import mxnet as mx
    assert mx.__version__ == "1.9.1"
    assert gluoncv.model_zoo.get_model is not None
