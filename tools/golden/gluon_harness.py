"""Run a Gluon block under real MXNet 1.9.1 and record everything a test compares.

Used by the gluon_* generators. A case is::

    {"build": "nn.Dense(4, in_units=3)",      # expression; names nn, rnn, gluon, mx
     "inputs": [(2, 3)],                      # shapes; a list of shapes = a nested list
     "int_inputs": {0: 5},                    # optional: input i is integer in [0, 5)
     "call": "block(*inputs)",                # optional call expression
     "train": True,                           # record in train mode
     "positive": ["running_var"]}             # params (suffix) set to positive values

Recorded fields: ``build``/``call`` (strings), ``x<i>`` (flat inputs), ``p:<name>``
(parameter values set, by structural name), ``out<i>`` (flat outputs), ``hg<i>``
(head gradients), ``xg<i>`` (input gradients), ``g:<name>`` (parameter gradients),
``after:<name>`` (parameter values after the forward: running statistics).
"""
import numpy as np
import mxnet as mx
from mxnet import autograd, gluon
from mxnet.gluon import nn, rnn


def _flatten(x):
    if isinstance(x, (list, tuple)):
        out = []
        for e in x:
            out.extend(_flatten(e))
        return out
    return [x]


def _make_inputs(spec, rng, int_inputs, counter):
    if isinstance(spec, list):
        return [_make_inputs(s, rng, int_inputs, counter) for s in spec]
    i = counter[0]
    counter[0] += 1
    if i in int_inputs:
        return mx.nd.array(rng.randint(0, int_inputs[i], size=spec), dtype="float32")
    return mx.nd.array(rng.standard_normal(spec).astype("float32"))


def run_case(case, seed=0, env=None):
    """Build, initialize, set parameters, run forward+backward; return the fields."""
    rng = np.random.RandomState(seed)
    env = dict(env or {}, nn=nn, rnn=rnn, gluon=gluon, mx=mx)
    block = eval(case["build"], env)
    block.initialize()
    int_inputs = case.get("int_inputs", {})
    inputs = _make_inputs(case["inputs"], rng, int_inputs, [0])
    call = case.get("call", "block(*inputs)")
    env.update(block=block, inputs=inputs)
    eval(call, env)  # finishes deferred initialization (prediction mode)
    fields = {"build": np.array(case["build"]), "call": np.array(call),
              "inputs": np.array(repr(case["inputs"])),
              "int_inputs": np.array(repr(sorted(int_inputs))),
              "train": np.array(bool(case.get("train", True))),
              "backward": np.array(bool(case.get("backward", True)))}
    params = block._collect_params_with_prefix()
    for name in sorted(params):
        p = params[name]
        v = rng.uniform(-1, 1, size=p.shape).astype(np.dtype(p.dtype))
        if any(name.endswith(s) for s in case.get("positive", ())):
            v = np.abs(v) + 0.5
        p.set_data(mx.nd.array(v, dtype=p.dtype))
        fields["p:" + name] = v
    flat_in = _flatten(inputs)
    for i, x in enumerate(flat_in):
        fields["x%d" % i] = x.asnumpy()
        if i not in int_inputs:
            x.attach_grad()
    env.update(inputs=inputs)
    if case.get("backward", True):
        with autograd.record(train_mode=case.get("train", True)):
            out = eval(call, env)
    else:
        out = eval(call, env)
    flat_out = _flatten(out)
    # an array returned twice (a cell's output and its new state) is one head: MXNet
    # keeps only the last gradient given for duplicate heads
    heads, hgs, seen = [], [], set()
    for i, o in enumerate(flat_out):
        fields["out%d" % i] = o.asnumpy()
        if id(o) in seen:
            continue
        seen.add(id(o))
        hg = rng.standard_normal(o.shape).astype(np.dtype(o.dtype))
        heads.append(o)
        hgs.append(mx.nd.array(hg, dtype=o.dtype))
        fields["hg%d" % i] = hg
    # backward(train_mode=...) as recorded: MXNet 1.9.1's default (True) makes a
    # prediction-mode BatchNorm differentiate with batch statistics
    if not case.get("backward", True):
        for name in sorted(params):
            fields["after:" + name] = params[name].data().asnumpy()
        return fields
    autograd.backward(heads, hgs, train_mode=case.get("train", True))
    for i, x in enumerate(flat_in):
        if i not in int_inputs:
            fields["xg%d" % i] = x.grad.asnumpy()
    for name in sorted(params):
        p = params[name]
        fields["after:" + name] = p.data().asnumpy()
        if p.grad_req != "null":
            fields["g:" + name] = p.grad().asnumpy()
    return fields


def run_cases(cases, env=None):
    """``{case_name: fields}`` for ``{case_name: case}`` (``env``: extra names for build)."""
    return {name: run_case(case, seed=i, env=env)
            for i, (name, case) in enumerate(sorted(cases.items()))}
