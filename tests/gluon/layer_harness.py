"""Replay a golden Gluon case (tools/golden/gluon_harness.py) with mxjax and compare.

The case's ``build``/``call`` expressions are evaluated with mxjax's ``nn``/``rnn``;
parameters and inputs are set to the values MXNet used; outputs, input gradients,
parameter gradients and parameter values after the forward (running statistics)
are compared with MXNet's.
"""
import numpy as np

import mxjax as mx
from mxjax import autograd
import mxjax.gluon as gluon
from mxjax.gluon import nn, rnn

from golden_utils import assert_matches


class _Zeros(mx.init.Initializer):
    """Zeros without compiling anything: the values are overwritten by set_data."""

    def _init_weight(self, _, arr):
        import jax
        arr._set_data(jax.device_put(np.zeros(arr.shape, arr.dtype)))


def _count_inputs(fields):
    return len([k for k in fields if k.startswith("x") and k[1:].isdigit()])


def _rebuild(spec, flat):
    """Nest ``flat`` like the shape spec was nested (lists of shapes)."""
    it = iter(flat)

    def build(s):
        if isinstance(s, list):
            return [build(e) for e in s]
        return next(it)
    return build(spec)


def _flatten(x):
    if isinstance(x, (list, tuple)):
        out = []
        for e in x:
            out.extend(_flatten(e))
        return out
    return [x]


def replay(fields, hybridize=False, env=None, rtol=1e-4, atol=1e-5, check_after=True):
    """Run the golden case ``fields`` with mxjax and assert it matches (see _replay).

    Recorded graphs are compiled on their first sighting meanwhile: one XLA compile
    per case instead of one per primitive of an uncompiled first run (a faster suite).
    """
    from mxjax import engine
    before = engine.set_compile_after(1)
    try:
        return _replay(fields, hybridize, env, rtol, atol, check_after)
    finally:
        engine.set_compile_after(before)


def _replay(fields, hybridize, env, rtol, atol, check_after):
    """Run the golden case ``fields`` with mxjax and assert it matches.

    Parameters
    ----------
    fields : dict
        One case of a gluon golden fixture.
    hybridize : bool
        Hybridize the block before the recorded forward.
    env : dict, optional
        Extra names for the build expression.
    """
    import ast
    input_spec = ast.literal_eval(str(fields["inputs"]))
    int_inputs = ast.literal_eval(str(fields["int_inputs"]))
    train = bool(fields["train"])
    scope = dict(env or {}, nn=nn, rnn=rnn, gluon=gluon, mx=mx)
    block = eval(str(fields["build"]), scope)
    block.initialize(init=_Zeros())
    nin = _count_inputs(fields)
    flat = [mx.nd.array(fields["x%d" % i]) for i in range(nin)]
    inputs = _rebuild(input_spec, flat)
    call = str(fields["call"])
    scope.update(block=block, inputs=inputs)
    eval(call, scope)
    params = block._collect_params_with_prefix()
    expected = sorted(k[2:] for k in fields if k.startswith("p:"))
    assert sorted(params) == expected, (sorted(params), expected)
    for name, p in params.items():
        want = fields["p:" + name]
        assert tuple(p.shape) == want.shape, (name, p.shape, want.shape)
        p.set_data(mx.nd.array(want, dtype=want.dtype))
    if hybridize:
        block.hybridize()
    marked = [x for i, x in enumerate(flat) if i not in int_inputs]
    if marked:
        autograd.mark_variables(marked, [mx.nd.array(np.zeros(x.shape, np.float32))
                                         for x in marked])
    backward = "backward" not in fields or bool(fields["backward"])
    if backward:
        with autograd.record(train_mode=train):
            out = eval(call, scope)
    else:
        out = eval(call, scope)
    flat_out = _flatten(out)
    nout = len([k for k in fields if k.startswith("out")])
    assert len(flat_out) == nout, (len(flat_out), nout)
    head_pos = [i for i in range(nout) if "hg%d" % i in fields]
    hgs = [mx.nd.array(fields["hg%d" % i], dtype=fields["hg%d" % i].dtype) for i in head_pos]
    if not backward:
        for i, o in enumerate(flat_out):
            assert_matches(o, fields["out%d" % i], rtol=rtol, atol=atol)
        return block
    autograd.backward([flat_out[i] for i in head_pos], hgs)  # computes the pending outputs too: one program
    for i, o in enumerate(flat_out):
        assert_matches(o, fields["out%d" % i], rtol=rtol, atol=atol)
    for i, x in enumerate(flat):
        if "xg%d" % i in fields:
            assert_matches(x.grad, fields["xg%d" % i], rtol=rtol, atol=atol)
    for name, p in params.items():
        if "g:" + name in fields:
            assert_matches(p.grad(), fields["g:" + name], rtol=rtol, atol=atol)
        else:
            assert p.grad_req == "null", name
        if check_after:
            assert_matches(p.data(), fields["after:" + name], rtol=rtol, atol=atol)
    return block
