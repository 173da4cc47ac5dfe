"""hybridize(inline_limit=...): MXNet records a small hybridized graph op by op
(mxjax/gluon/_inline.py), checked against MXNet 1.9.1's recorded symbols."""
import json
import os
import sys

import numpy as np
import pytest

import mxjax as mx
from mxjax import autograd
from mxjax.gluon import nn

import golden_utils

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools", "golden"))
import gluon_inline  # noqa: E402 - the generator's network builder, shared with the test

with open(os.path.join(golden_utils.GOLDEN_DIR, "gluon_inline.json")) as _f:
    GOLDEN = json.load(_f)


@pytest.mark.parametrize("name,layers,kwargs,act", gluon_inline.cases(),
                         ids=[c[0] for c in gluon_inline.cases()])
def test_recorded_symbol_matches_mxnet(name, layers, kwargs, act):
    assert gluon_inline.node_ops(mx, layers, kwargs, act) == GOLDEN[name]


def test_inlined_and_cached_calls_agree_and_run_cached_outside_record():
    net = nn.HybridSequential()
    with net.name_scope():
        net.add(nn.Dense(4, activation="relu"), nn.Dense(2))
    net.initialize()
    x = mx.nd.array(np.arange(6, dtype=np.float32).reshape(2, 3) / 5)
    grads = []
    for limit in (0, 3):
        net.hybridize(inline_limit=limit)
        xx = x.copy()
        xx.attach_grad()
        with autograd.record():
            y = net(xx)
        y.backward()
        grads.append((y.asnumpy(), xx.grad.asnumpy()))
        assert net._cached_op["inline"] is bool(limit)
    np.testing.assert_allclose(grads[0][0], grads[1][0], rtol=1e-6)
    np.testing.assert_allclose(grads[0][1], grads[1][1], rtol=1e-6)
    out = net(x)  # not recorded: the compiled program, whatever the limit
    assert (False, False) in net._cached_op
    np.testing.assert_allclose(out.asnumpy(), grads[1][0], rtol=1e-6)


def test_block_not_traceable_symbolically_is_not_inlined():
    class ShapeDependent(mx.gluon.HybridBlock):
        def hybrid_forward(self, F, x):
            return x.reshape((x.shape[0], -1)) * 2  # Symbol has no .shape

    net = ShapeDependent()
    net.hybridize(inline_limit=5)
    x = mx.nd.ones((2, 3))
    x.attach_grad()
    with autograd.record():
        y = net(x)
    assert net._cached_op["inline"] is False
    sym = json.loads(autograd.get_symbol(y).tojson())
    assert [n["op"] for n in sym["nodes"]] == ["null", "_CachedOp"]
