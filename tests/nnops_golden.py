"""Replay golden operator cases written by tools/golden/opcase.py under MXNet 1.9.1.

Each case holds the operator name, its attributes, its inputs, MXNet's outputs, the
random head gradients and MXNet's gradients; ``replay`` runs the same call in mxjax
and compares everything (shape, dtype, values).
"""
import json

from mxjax import nd, autograd
from golden_utils import assert_matches


def meta(case):
    """The decoded description of a golden case."""
    return json.loads(str(case["meta"]))


def lookup(op):
    """``mx.nd.<op>`` (dotted names reach sub-namespaces)."""
    f = nd
    for part in op.split("."):
        f = getattr(f, part)
    return f


def replay(case, fn=None, check_dtype=True, rtol=None, atol=None):
    """Run a golden case with mxjax and compare outputs and gradients."""
    m = meta(case)
    rtol = m["rtol"] if rtol is None else rtol
    atol = m["atol"] if atol is None else atol
    arrs = {k: nd.array(case["in_" + k], dtype=case["in_" + k].dtype) for k in m["inputs"]}
    diff = m["diff"] if m["record"] else []
    for k in diff:
        arrs[k].attach_grad()
    f = fn or lookup(m["op"])
    if m["record"]:
        with autograd.record(train_mode=m["train"]):
            out = f(**arrs, **m["kwargs"])
    else:
        out = f(**arrs, **m["kwargs"])
    assert isinstance(out, (list, tuple)) == m["multi"], "single/multiple outputs differ"
    outs = list(out) if m["multi"] else [out]
    assert len(outs) == m["nout"]
    for i, o in enumerate(outs):
        if i in m.get("skip_out", ()):
            continue
        assert_matches(o, case["out%d" % i], rtol=rtol, atol=atol, check_dtype=check_dtype)
    if diff:
        heads = m["heads"]
        hg = [nd.array(case["head%d" % i], dtype=case["head%d" % i].dtype) for i in heads]
        autograd.backward([outs[i] for i in heads], hg)
        for k in diff:
            assert_matches(arrs[k].grad, case["grad_" + k], rtol=rtol, atol=atol,
                           check_dtype=check_dtype)
    return outs, arrs
