"""One operator call under real MXNet 1.9.1, recorded as a golden case.

``op_case`` runs ``mx.nd.<op>(**inputs, **kwargs)`` inside ``autograd.record``,
back-propagates a fixed random head gradient and returns the case dict that
``tests/ndarray/nnops_golden.py`` replays with mxjax. Array inputs are passed by
keyword, so optional inputs in the middle (``bias`` ...) are simply left out.
"""
import json

import numpy as np
import mxnet as mx
from mxnet import nd, autograd


def op_case(op, inputs, kwargs=None, diff=None, train=True, heads=None, seed=0,
            rtol=1e-5, atol=1e-6, record=True, fn=None, skip_out=()):
    """Run one operator and return {field: array} for ``common.save``.

    Parameters
    ----------
    op : str
        Name in ``mx.nd`` (dotted for sub-namespaces: ``contrib.box_nms``).
    inputs : dict
        name -> numpy array (its dtype is kept).
    kwargs : dict
        Attributes, JSON-serialisable.
    diff : list of str
        Inputs to attach gradients to (default: every floating input).
    train : bool
        ``train_mode`` of ``autograd.record``.
    heads : list of int
        Outputs that receive a head gradient (default: every output).
    skip_out : list of int
        Outputs whose values are not defined by MXNet (uninitialised memory): not saved.
    """
    kwargs = dict(kwargs or {})
    rng = np.random.RandomState(seed + 1000)
    arrs = {k: nd.array(v, dtype=v.dtype) for k, v in inputs.items()}
    if diff is None:
        diff = [k for k, v in inputs.items() if np.issubdtype(v.dtype, np.floating)]
    if not record:
        diff = []
    for k in diff:
        arrs[k].attach_grad()
    func = fn or _lookup(op)
    if record:
        with autograd.record(train_mode=train):
            out = func(**arrs, **kwargs)
    else:
        out = func(**arrs, **kwargs)
    outs = out if isinstance(out, (list, tuple)) else [out]
    if heads is None:
        heads = list(range(len(outs)))
    case = {"meta": np.array(json.dumps({
        "op": op, "inputs": list(inputs), "kwargs": kwargs, "diff": diff, "train": train,
        "heads": heads, "nout": len(outs), "multi": isinstance(out, (list, tuple)),
        "rtol": rtol, "atol": atol, "record": record, "skip_out": list(skip_out)}))}
    for k, v in inputs.items():
        case["in_" + k] = v
    for i, o in enumerate(outs):
        if i not in skip_out:
            case["out%d" % i] = o.asnumpy()
    if diff:
        hg = [nd.array(rng.randn(*outs[i].shape), dtype=outs[i].dtype) for i in heads]
        autograd.backward([outs[i] for i in heads], hg)
        for i, h in zip(heads, hg):
            case["head%d" % i] = h.asnumpy()
        for k in diff:
            case["grad_" + k] = arrs[k].grad.asnumpy()
    return case


def _lookup(op):
    f = nd
    for part in op.split("."):
        f = getattr(f, part)
    return f


def randn(*shape, seed=0, dtype="float32"):
    """Reproducible standard-normal input."""
    return np.random.RandomState(seed).randn(*shape).astype(dtype)


def rand(*shape, seed=0, dtype="float32"):
    """Reproducible uniform [0, 1) input."""
    return np.random.RandomState(seed).rand(*shape).astype(dtype)
