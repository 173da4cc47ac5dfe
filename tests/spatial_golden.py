"""Replay golden cases written by tools/golden/spatial_case.py under MXNet 1.9.1.

A case holds the operator, its attributes and inputs, MXNet's outputs, random head
gradients, MXNet's gradients and every input's value after the call. ``replay`` runs
the same call with mxjax and compares all of them (shape, dtype, values); an error case
checks that mxjax raises MXNetError.
"""
import json

import pytest

from mxjax import nd, autograd
from mxjax.base import MXNetError
from golden_utils import load, assert_matches


def meta(c):
    """The decoded description of a golden case."""
    return json.loads(str(c["meta"]))


def lookup(op):
    """``mx.nd.<op>`` (dotted names reach sub-namespaces)."""
    f = nd
    for part in op.split("."):
        f = getattr(f, part)
    return f


def cases(name, prefix=""):
    """pytest params (one per case whose name starts with ``prefix``) of a fixture file."""
    data = load(name)
    return [pytest.param(data[k], id=k) for k in sorted(data) if k.startswith(prefix)]


def replay(c, rtol=None, atol=None, check_after=True):
    """Run a golden case with mxjax and compare outputs, gradients and inputs after."""
    m = meta(c)
    arrs = {k: nd.array(c["in_" + k], dtype=c["in_" + k].dtype) for k in m["inputs"]}
    f = lookup(m["op"])

    def call():
        if m.get("positional"):
            return f(*arrs.values(), **m["kwargs"])
        return f(**arrs, **m["kwargs"])

    if m.get("error"):
        with pytest.raises(MXNetError):
            out = call()
            for o in (out if isinstance(out, (list, tuple)) else [out]):
                o.wait_to_read()
        return None
    rtol = m["rtol"] if rtol is None else rtol
    atol = m["atol"] if atol is None else atol
    diff = m["diff"] if m["record"] else []
    for k in diff:
        arrs[k].attach_grad()
    if m["record"]:
        with autograd.record(train_mode=m["train"]):
            out = call()
    elif m.get("train_mode_only"):
        with autograd.train_mode():
            out = call()
    else:
        out = call()
    assert isinstance(out, (list, tuple)) == m["multi"], "single/multiple outputs differ"
    outs = list(out) if m["multi"] else [out]
    assert len(outs) == m["nout"]
    for i, o in enumerate(outs):
        assert_matches(o, c["out%d" % i], rtol=rtol, atol=atol)
    if diff:
        heads = m["heads"]
        hg = [nd.array(c["head%d" % i], dtype=c["head%d" % i].dtype) for i in heads]
        autograd.backward([outs[i] for i in heads], hg)
        for k in diff:
            assert_matches(arrs[k].grad, c["grad_" + k], rtol=rtol, atol=atol)
    if check_after:
        for k in m["inputs"]:
            assert_matches(arrs[k], c["after_" + k], rtol=rtol, atol=atol)
    return outs


def golden_ops(name):
    """The operator names (``mx.nd`` paths) a fixture file exercises."""
    return {meta(c)["op"] for c in load(name).values()}


def check_coverage(name, ops):
    """Every ``{registered name: nd path}`` in ``ops`` is registered and has golden cases."""
    from mxjax.ndarray import registry
    covered = golden_ops(name)
    for reg, path in ops.items():
        registry.get_op(reg)
        assert lookup(path) is not None
        assert path in covered, "%s has no golden case in %s" % (path, name)
