"""mx.sym.random (mxjax/symbol/random.py): MXNet 1.9.1's dispatch between ``_random_*``
(number parameters) and ``_sample_*`` (Symbol parameters).

Graph structures checked against MXNet 1.9.1 by hand (op lists, arguments, outputs below).
"""
import json

import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError


def _ops(sym):
    return [n["op"] for n in json.loads(sym.tojson())["nodes"]]


def test_symbol_parameters_build_sample_nodes_with_inputs():
    a, b = mx.sym.var("a"), mx.sym.var("b")
    s = mx.sym.random.normal(a, b, shape=2)
    assert s.list_arguments() == ["a", "b"]
    assert _ops(s) == ["null", "null", "_sample_normal"]
    e = mx.sym.random.exponential(a, shape=3)   # MXNet passes 1/scale as the rate
    assert e.list_arguments() == ["a"]
    assert _ops(e) == ["null", "_rdiv_scalar", "_sample_exponential"]


def test_sample_values_follow_the_bound_parameters():
    a, b = mx.sym.var("a"), mx.sym.var("b")
    s = mx.sym.random.normal(a, b, shape=2000)
    out = s.eval(a=mx.nd.array([0.0, 10.0]), b=mx.nd.array([1.0, 0.01]))[0].asnumpy()
    assert out.shape == (2, 2000)
    assert abs(out[0].mean()) < 0.15 and abs(out[0].std() - 1) < 0.1
    assert abs(out[1].mean() - 10) < 0.01


def test_number_parameters_and_randn():
    s = mx.sym.random.uniform(2.0, 3.0, shape=(3, 4))
    assert _ops(s) == ["_random_uniform"]
    v = s.eval()[0].asnumpy()
    assert v.shape == (3, 4) and (v >= 2).all() and (v < 3).all()
    r = mx.sym.random.randn(2, 5, loc=1.0, scale=1e-6)
    assert _ops(r) == ["_random_normal"]
    np.testing.assert_allclose(r.eval()[0].asnumpy(), np.ones((2, 5)), atol=1e-4)


def test_multinomial_outputs_and_shuffle():
    a = mx.sym.var("a")
    m = mx.sym.random.multinomial(a)   # get_prob defaults to True for symbols
    assert m.list_outputs() == ["_sample_multinomial0_output0", "_sample_multinomial0_output1"]
    m1 = mx.sym.random.multinomial(a, get_prob=False)
    assert m1.list_outputs() == ["_sample_multinomial1_output"]
    probs = mx.nd.array([[0.0, 1.0], [1.0, 0.0]])
    idx, logp = mx.sym.random.multinomial(a, shape=3).eval(a=probs)
    np.testing.assert_array_equal(idx.asnumpy(), [[1, 1, 1], [0, 0, 0]])
    np.testing.assert_allclose(logp.asnumpy(), np.zeros((2, 3)), atol=1e-6)
    sh = mx.sym.random.shuffle(a)
    assert sh.list_arguments() == ["a"]
    x = np.arange(10, dtype=np.float32)
    np.testing.assert_array_equal(np.sort(sh.eval(a=mx.nd.array(x))[0].asnumpy()), x)


def test_mixed_parameter_types_raise():
    with pytest.raises(MXNetError, match="same type"):
        mx.sym.random.normal(mx.sym.var("a"), 1.0)
    with pytest.raises(MXNetError, match="Symbol or numbers"):
        mx.sym.random.normal("a", 1.0)


def test_public_names_are_mxnets():
    names = {n for n in dir(mx.sym.random) if not n.startswith("_")}
    mxnet_names = {"Symbol", "exponential", "exponential_like", "gamma", "gamma_like",
                   "generalized_negative_binomial", "generalized_negative_binomial_like",
                   "multinomial", "negative_binomial", "negative_binomial_like", "normal",
                   "normal_like", "numeric_types", "poisson", "poisson_like", "randint", "randn",
                   "shuffle", "uniform", "uniform_like"}
    assert mxnet_names <= names
