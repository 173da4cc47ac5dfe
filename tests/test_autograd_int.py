"""Gradients of integer variables as MXNet 1.9.1 computes them (tests/golden/int_grads.json,
tools/golden/int_grads.py): integer variables are differentiated as float64 copies and
their gradients take the variable's dtype, in every execution strategy."""
import json
import os
import sys

import numpy as np
import pytest

import mxjax as mx

HERE = os.path.dirname(__file__)
sys.path.insert(0, os.path.join(HERE, "..", "tools", "golden"))
import int_grads  # noqa: E402

with open(os.path.join(HERE, "golden", "int_grads.json")) as _f:
    GOLDEN = json.load(_f)["results"]


def _grad(dt, name):
    f = int_grads.cases(mx)[name]
    x = mx.nd.array(np.arange(12).reshape(3, 4), dtype=dt)
    x.attach_grad()
    with mx.autograd.record():
        y = f(x)
    y.backward()
    return x.grad.asnumpy()


@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_integer_gradient_as_mxnet(case):
    dt, name = case.split("/")
    dtype, flat = GOLDEN[case]
    # the first sighting (run uncompiled), then the repeated structure (compiled)
    for _ in range(3):
        g = _grad(dt, name)
        assert str(g.dtype) == dtype
        np.testing.assert_array_equal(g.ravel(), flat)


def test_integer_and_float_variables_together():
    a = mx.nd.array([1, 2, 3], dtype="int32")
    b = mx.nd.array([0.5, 1.5, 2.5])
    a.attach_grad()
    b.attach_grad()
    with mx.autograd.record():
        y = a.astype("float32") * b + a.astype("float32")
    y.backward()
    np.testing.assert_array_equal(a.grad.asnumpy(), [1, 2, 3])   # trunc(b + 1)
    assert a.grad.dtype == np.int32
    np.testing.assert_allclose(b.grad.asnumpy(), [1, 2, 3])


def test_autograd_grad_of_an_integer_variable():
    x = mx.nd.array([[1, 2], [3, 4]], dtype="int64")
    x.attach_grad()
    with mx.autograd.record():
        y = x * x
    (gx,) = mx.autograd.grad([y], [x])
    assert gx.dtype == np.int64
    np.testing.assert_array_equal(gx.asnumpy(), [[2, 4], [6, 8]])


def test_boolean_variables_stay_without_gradient():
    x = mx.nd.array([1, 0, 1], dtype="bool")
    x.attach_grad()
    with mx.autograd.record():
        y = x.astype("float32") * 2
    y.backward()
    np.testing.assert_array_equal(x.grad.asnumpy(), [False, False, False])
