"""Golden values for MultiBoxDetection / MultiBoxTarget (nd.contrib and npx) from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/multibox.py  ->  tests/golden/multibox.npz
The inputs and attributes are in tests/ndarray/multibox_cases.py (shared with
tests/ndarray/test_ops_multibox.py).
"""
import os
import sys

import numpy as np
import mxnet as mx

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tests", "ndarray"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Cases, save  # noqa: E402
import multibox_cases as mc  # noqa: E402


def main():
    C = Cases()
    for name, kw, attrs in mc.DETECTION:
        prob, loc, anc = mc.detection_inputs(**kw)
        out = mx.nd.contrib.MultiBoxDetection(mx.nd.array(prob), mx.nd.array(loc),
                                              mx.nd.array(anc), **attrs)
        C["det_" + name] = {"out": out}
    for name, kw, attrs in mc.TARGET:
        anc, lab, pred = mc.target_inputs(**kw)
        loc_t, loc_m, cls_t = mx.nd.contrib.MultiBoxTarget(
            mx.nd.array(anc), mx.nd.array(lab), mx.nd.array(pred), **attrs)
        C["tgt_" + name] = {"loc_target": loc_t, "loc_mask": loc_m, "cls_target": cls_t}
    # gradients: zeros for every input (MXNet's backward writes zeros)
    prob, loc, anc = (mx.nd.array(a) for a in mc.detection_inputs(0))
    for a in (prob, loc, anc):
        a.attach_grad()
    with mx.autograd.record():
        out = mx.nd.contrib.MultiBoxDetection(prob, loc, anc)
    out.backward()
    C["det_grad"] = {"prob": prob.grad, "loc": loc.grad, "anchor": anc.grad}
    # npx forms under set_np: np arrays in, np arrays out
    mx.npx.set_np()
    prob, loc, anc = mc.detection_inputs(0)
    out = mx.npx.multibox_detection(mx.np.array(prob), mx.np.array(loc), mx.np.array(anc))
    anc2, lab, pred = mc.target_inputs(0)
    outs = mx.npx.multibox_target(mx.np.array(anc2), mx.np.array(lab), mx.np.array(pred))
    C["npx"] = {"det": out, "det_type": np.array(type(out).__module__),
                "tgt_types": np.array([type(o).__module__ for o in outs]),
                "loc_target": outs[0], "cls_target": outs[2]}
    save("multibox", C)


if __name__ == "__main__":
    main()
