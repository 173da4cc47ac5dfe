"""Partial shape inference (unknown dimensions: 0, or -1 under np_shape) and MXNet's
hidden attribute keys, against MXNet 1.9.1 (tests/golden/symbol_partial.json, written
by tools/golden/symbol_partial.py, whose cases this test runs on mxjax)."""
import json
import os
import sys

import pytest

import mxjax as mx

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tools", "golden"))
import symbol_partial  # noqa: E402  (the generator: its cases take the mx module)

with open(os.path.join(ROOT, "tests", "golden", "symbol_partial.json")) as f:
    EXPECTED = json.load(f)
ACTUAL = json.loads(json.dumps(symbol_partial.cases(mx)))


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_matches_mxnet(case):
    assert ACTUAL[case] == EXPECTED[case]


def test_concat_conflict_raises():
    a, b = mx.sym.var("a", shape=(2, 3)), mx.sym.var("b", shape=(4, 5))
    with pytest.raises(mx.base.MXNetError):
        mx.sym.Concat(a, b, dim=0).infer_shape()


def test_set_attr_unknown_operator_argument_raises():
    conv = mx.sym.Convolution(mx.sym.var("x"), kernel=(1, 1), num_filter=1)
    with pytest.raises(mx.base.MXNetError, match="foo"):
        conv._set_attr(foo="bar")
    conv._set_attr(lr_mult="2", __bar__="1")
    assert conv.attr("lr_mult") == "2" and conv.list_attr()["__lr_mult__"] == "2"
