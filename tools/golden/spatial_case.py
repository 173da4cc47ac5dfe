"""One operator call under real MXNet 1.9.1, recorded as a golden case for the spatial
operator families (convolution, pooling, normalisation, resampling).

``case`` runs ``mx.nd.<op>(**inputs, **kwargs)`` (inside ``autograd.record`` by default),
back-propagates fixed random head gradients and returns the field dict that
``tests/ndarray/spatial_golden.py`` replays with mxjax. It also stores every input's
value after the call (``after_<name>``): BatchNorm writes its moving statistics.
"""
import json

import numpy as np
import mxnet as mx  # noqa: F401
from mxnet import nd, autograd


def lookup(op):
    """``mx.nd.<op>`` (dotted names reach sub-namespaces)."""
    f = nd
    for part in op.split("."):
        f = getattr(f, part)
    return f


def case(op, inputs, kwargs=None, diff=None, train=True, heads=None, seed=0, rtol=1e-5,
         atol=1e-6, record=True, positional=False, train_mode_only=False):
    """Run one operator; return {field: array} for ``common.save``.

    Parameters
    ----------
    op : str
        Name in ``mx.nd`` (``contrib.BilinearResize2D`` for sub-namespaces).
    inputs : dict
        name -> numpy array, in call order (dtype kept).
    kwargs : dict
        Attributes (JSON-serialisable).
    diff : list of str
        Inputs that get a gradient (default: every floating input).
    train : bool
        ``train_mode`` of ``autograd.record``.
    heads : list of int
        Outputs that get a head gradient (default: all).
    positional : bool
        Pass the inputs positionally (for ``*data`` operators such as UpSampling).
    train_mode_only : bool
        With ``record=False``: run inside ``autograd.train_mode()``.
    """
    kwargs = dict(kwargs or {})
    rng = np.random.RandomState(seed + 977)
    arrs = {k: nd.array(v, dtype=v.dtype) for k, v in inputs.items()}
    if diff is None:
        diff = [k for k, v in inputs.items() if np.issubdtype(v.dtype, np.floating)]
    if not record:
        diff = []
    for k in diff:
        arrs[k].attach_grad()
    func = lookup(op)

    def call():
        if positional:
            return func(*arrs.values(), **kwargs)
        return func(**arrs, **kwargs)

    if record:
        with autograd.record(train_mode=train):
            out = call()
    elif train_mode_only:
        with autograd.train_mode():
            out = call()
    else:
        out = call()
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    if heads is None:
        heads = list(range(len(outs)))
    res = {"meta": np.array(json.dumps({
        "op": op, "inputs": list(inputs), "kwargs": kwargs, "diff": diff, "train": train,
        "heads": heads, "nout": len(outs), "multi": isinstance(out, (list, tuple)),
        "rtol": rtol, "atol": atol, "record": record, "positional": positional,
        "train_mode_only": train_mode_only}))}
    for k, v in inputs.items():
        res["in_" + k] = v
    for i, o in enumerate(outs):
        res["out%d" % i] = o.asnumpy()
    if diff:
        hg = [nd.array(rng.randn(*outs[i].shape), dtype=outs[i].dtype) for i in heads]
        autograd.backward([outs[i] for i in heads], hg)
        for i, h in zip(heads, hg):
            res["head%d" % i] = h.asnumpy()
        for k in diff:
            res["grad_" + k] = arrs[k].grad.asnumpy()
    for k in inputs:
        res["after_" + k] = arrs[k].asnumpy()
    return res


def error(op, inputs, kwargs=None, positional=False):
    """A case that must raise: {meta} with ``error: true`` (MXNet's message kept)."""
    kwargs = dict(kwargs or {})
    arrs = {k: nd.array(v, dtype=v.dtype) for k, v in inputs.items()}
    func = lookup(op)
    try:
        out = func(*arrs.values(), **kwargs) if positional else func(**arrs, **kwargs)
        for o in (out if isinstance(out, (list, tuple)) else [out]):
            o.wait_to_read()
    except mx.base.MXNetError as err:
        msg = str(err)
    else:
        raise AssertionError("%s %s did not raise in MXNet" % (op, kwargs))
    res = {"meta": np.array(json.dumps({
        "op": op, "inputs": list(inputs), "kwargs": kwargs, "error": True,
        "message": msg.strip().split("\n")[-1][:300], "positional": positional}))}
    for k, v in inputs.items():
        res["in_" + k] = v
    return res


def randn(*shape, seed=0, dtype="float32"):
    """Reproducible standard-normal input."""
    return np.random.RandomState(seed).randn(*shape).astype(dtype)


def uniform(*shape, low=0.0, high=1.0, seed=0, dtype="float32"):
    """Reproducible uniform input."""
    return np.random.RandomState(seed).uniform(low, high, shape).astype(dtype)
