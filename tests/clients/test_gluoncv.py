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

Known and unresolved: the input gradients of resnet50_v1b and fcn_resnet50_voc differ
from MXNet's by up to ~3% of the largest entry (outputs match to 1e-6); a float64 finite
difference of MXNet's forward along the difference agrees with neither (resnet50_v1b:
-0.0283 against MXNet 0.0217, mxjax -0.0761), so those two cases xfail strictly.

cifar_resnet20_v1 runs by default; the other nine (each compiles for one to four minutes
on a loaded 2-CPU machine) with MXJAX_DEEP=1."""
import os

import numpy as np
import pytest

import mxjax

mxjax.install_mxnet_alias()
gluoncv = pytest.importorskip("gluoncv")

from clients_cv_cases import MODELS, NO_GRAD, build, fill, flat, heads  # noqa: E402
from golden_utils import load, assert_matches  # noqa: E402

G = load("clients_gluoncv")
DEEP = os.environ.get("MXJAX_DEEP") == "1"
QUICK = ("cifar_resnet20_v1",)
GRAD_ATOL = {"densenet121": 1e-3}
GRAD_UNRESOLVED = ("resnet50_v1b", "fcn_resnet50_voc")


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
    mx.autograd.backward(outs, [mx.nd.array(h) for h in hs], train_mode=False)
    g = c["grad_x"]
    atol = GRAD_ATOL.get(name, 1e-4) * abs(g).max()
    if name in GRAD_UNRESOLVED:  # strict: a match makes this test fail
        with pytest.raises(AssertionError):
            assert_matches(x.grad, g, rtol=1e-4, atol=atol)
        pytest.xfail("input gradient differs from MXNet's (unresolved, see the docstring)")
    assert_matches(x.grad, g, rtol=1e-4, atol=atol)


def test_import_gives_mxnet_version():
    import mxnet as mx
    assert mx.__version__ == "1.9.1"
    assert gluoncv.model_zoo.get_model is not None
