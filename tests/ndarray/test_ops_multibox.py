"""MultiBoxDetection / MultiBoxTarget (nd.contrib, npx.multibox_*) against MXNet 1.9.1
(tools/golden/multibox.py; inputs in tests/ndarray/multibox_cases.py)."""
import os
import sys

import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
from golden_utils import load, assert_matches

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import multibox_cases as mc  # noqa: E402

G = load("multibox")


@pytest.mark.parametrize("name,kw,attrs", mc.DETECTION, ids=[c[0] for c in mc.DETECTION])
def test_multibox_detection(name, kw, attrs):
    prob, loc, anc = (mx.nd.array(a) for a in mc.detection_inputs(**kw))
    out = mx.nd.contrib.MultiBoxDetection(prob, loc, anc, **attrs)
    assert_matches(out, G["det_" + name]["out"], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name,kw,attrs", mc.TARGET, ids=[c[0] for c in mc.TARGET])
def test_multibox_target(name, kw, attrs):
    anc, lab, pred = (mx.nd.array(a) for a in mc.target_inputs(**kw))
    outs = mx.nd.contrib.MultiBoxTarget(anc, lab, pred, **attrs)
    g = G["tgt_" + name]
    assert len(outs) == 3
    for out, field in zip(outs, ("loc_target", "loc_mask", "cls_target")):
        assert_matches(out, g[field], rtol=1e-4, atol=1e-4)


def test_multibox_gradients_are_zero():
    arrays = [mx.nd.array(a) for a in mc.detection_inputs(0)]
    for a in arrays:
        a.attach_grad()
    with mx.autograd.record():
        out = mx.nd.contrib.MultiBoxDetection(*arrays)
    out.backward()
    for a, field in zip(arrays, ("prob", "loc", "anchor")):
        assert_matches(a.grad, G["det_grad"][field])
    anc, lab, pred = (mx.nd.array(a) for a in mc.target_inputs(0))
    pred.attach_grad()
    with mx.autograd.record():
        loc_t, _, cls_t = mx.nd.contrib.MultiBoxTarget(anc, lab, pred)
        total = (loc_t.sum() + cls_t.sum()) * pred.sum()
    total.backward()
    # only the direct pred.sum() term has a gradient: the targets are constants
    np.testing.assert_allclose(pred.grad.asnumpy(),
                               np.full(pred.shape, float((loc_t.sum() + cls_t.sum()).asscalar())),
                               rtol=1e-5)


def test_npx_multibox_under_set_np():
    from mxjax import numpy as mnp, numpy_extension as npx
    npx.set_np()
    try:
        prob, loc, anc = mc.detection_inputs(0)
        out = npx.multibox_detection(mnp.array(prob), mnp.array(loc), mnp.array(anc))
        assert isinstance(out, mnp.ndarray) and str(G["npx"]["det_type"]) == "mxnet.numpy"
        assert_matches(out, G["npx"]["det"], rtol=1e-5, atol=1e-5)
        anc, lab, pred = mc.target_inputs(0)
        outs = npx.multibox_target(mnp.array(anc), mnp.array(lab), mnp.array(pred))
        assert all(isinstance(o, mnp.ndarray) for o in outs)
        assert_matches(outs[0], G["npx"]["loc_target"], rtol=1e-4, atol=1e-4)
        assert_matches(outs[2], G["npx"]["cls_target"])
    finally:
        npx.reset_np()


def test_multibox_hybridized_and_symbolic():
    """The operators trace (jit) and appear in mx.sym.contrib."""
    prob, loc, anc = mc.detection_inputs(3)

    class Net(mx.gluon.HybridBlock):
        def hybrid_forward(self, F, p, l, a):
            return F.contrib.MultiBoxDetection(p, l, a, nms_topk=5)

    net = Net()
    net.hybridize()
    out = net(mx.nd.array(prob), mx.nd.array(loc), mx.nd.array(anc))
    assert_matches(out, G["det_topk"]["out"], rtol=1e-5, atol=1e-5)
    s = mx.sym.contrib.MultiBoxTarget(mx.sym.var("a"), mx.sym.var("l"), mx.sym.var("p"))
    assert len(s.list_outputs()) == 3


def test_multibox_errors():
    prob, loc, anc = (mx.nd.array(a) for a in mc.detection_inputs(0))
    with pytest.raises(MXNetError, match="MultiBoxDetection.*anchors mismatch"):
        mx.nd.contrib.MultiBoxDetection(prob, loc, anc[:, :5])
    with pytest.raises(MXNetError, match="Variance size must be 4"):
        mx.nd.contrib.MultiBoxDetection(prob, loc, anc, variances=(0.1, 0.2))
    anc, lab, pred = (mx.nd.array(a) for a in mc.target_inputs(0))
    with pytest.raises(MXNetError, match="MultiBoxTarget.*label_width"):
        mx.nd.contrib.MultiBoxTarget(anc, lab[:, :, :4], pred)
    with pytest.raises(MXNetError, match="MultiBoxTarget.*anchor must be"):
        mx.nd.contrib.MultiBoxTarget(anc.reshape((24, 4)), lab, pred)
