"""Misuse and malformed input: mxjax raises what MXNet 1.9.1 raises, names what was
wrong, and leaves everything the user holds as it was.

The cases live in tools/golden/bad_inputs.py (shared with the generator, which runs
them under real MXNet and records tests/golden/bad_inputs.json). For each case:

1. the exception is ``MXNetError`` where MXNet raises ``MXNetError`` (or a subclass
   of the same name), otherwise an instance of the same Python exception type;
   where MXNet accepts the call, mxjax accepts it too (with the same warnings);
2. the message matches the case's regex (the operator/argument/shape/file/name);
3. the watched arrays, grad buffers, parameters and files are unchanged.
"""
import builtins
import json
import os
import re
import sys

import pytest

import mxjax as mx
from mxjax.base import MXNetError

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools",
                                "golden"))
import bad_inputs as B  # noqa: E402

with open(B.GOLDEN) as _f:
    GOLDEN = json.load(_f)

# MXNet accepts these but computes with memory it should not read (no shape check
# at all): mxjax raises MXNetError instead.
STRICTER = {
    "stack_shapes": "MXNet 1.9.1 stacks (2,3) with (3,2) into a (2,2,3) result "
                    "without checking the second shape",
    "backward_head_grad_shape": "MXNet 1.9.1 never checks a head gradient's shape "
                                "(a (3,) head gradient for a (2,3) head fills half of "
                                "the gradient from unrelated memory)",
}

# MXNet accepts these, and mxjax deliberately does not.
DIFFERS = {
    "relu_unknown_keyword": "MXNet ignores unknown keyword arguments of operators that "
                            "have no parameters at all (relu, exp, broadcast_add ...); "
                            "mxjax reports them, as MXNet does for every other operator",
}

# Cases that still differ from MXNet, because the fix belongs to the engine (none left).
XFAIL = {}


def _expected_type_ok(err, g):
    if g["raises"] in (None, "crash") or "MXNetError" in g["mro"]:
        if not isinstance(err, MXNetError):
            return False
        return g["raises"] in (None, "crash", "MXNetError") or type(err).__name__ == g["raises"]
    cls = getattr(builtins, g["raises"])
    return isinstance(err, cls)


def _relevant_warnings(ws):
    return [(c, m) for c, m in ws if c not in ("DeprecationWarning", "FutureWarning")]


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=XFAIL[n])) if n in XFAIL
    else n for n in B.CASES])
def test_bad_input(name, tmp_path):
    c = B.CASES[name]
    g = GOLDEN[name]
    if name in DIFFERS:
        pytest.skip(DIFFERS[name])
    if c.gpu and mx.context.num_gpus() > 0:
        pytest.skip("a GPU is present: the case is about a machine without one")
    r = B.run_case(c, mx, str(tmp_path))
    err = r["error"]
    assert not r["changes"], "state changed: %s (error: %r)" % (r["changes"], err)
    if g["raises"] is None and name not in STRICTER:
        assert err is None, "MXNet accepts this call; mxjax raised %r" % (err,)
        expected = _relevant_warnings(g["warnings"])
        got = _relevant_warnings(r["warnings"])
        for cat, _ in expected:
            assert any(c2 == cat and re.search(c.pattern, m, re.I) for c2, m in got), \
                "MXNet warns %s here; mxjax warned %s" % (expected, got)
        return
    assert err is not None, "MXNet raises %s (%s); mxjax accepted the call" % (
        g["raises"], g["message"][:200])
    assert _expected_type_ok(err, g), "MXNet raises %s; mxjax raised %s: %s" % (
        g["raises"], type(err).__name__, err)
    assert re.search(c.pattern, str(err), re.I | re.S), \
        "message does not name what was wrong (%r): %s" % (c.pattern, err)


def test_catalogue_is_recorded():
    """Every case has a golden entry from MXNet (regenerate with the generator)."""
    assert sorted(GOLDEN) == sorted(B.CASES)
    assert len(B.CASES) >= 60
