"""examples/legacy/*.py run unchanged with ``python -m mxjax`` and print what real
MXNet 1.9.1 printed (tests/golden/legacy/<name>.txt, from
tools/golden/legacy_outputs.py).

Lines are compared token by token: the text between numbers must be identical
(whitespace aside: NumPy pads columns to the widest number), and every number
must agree within rtol/atol, or differ by one unit in its last printed digit when
it was printed with at least four significant digits (``%.5f`` rounding).
"""
import glob
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
EXAMPLES = os.path.join(ROOT, "examples", "legacy")
GOLDEN = os.path.join(ROOT, "tests", "golden", "legacy")
SCRIPTS = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(EXAMPLES, "*.py")))

_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def _tokens(line):
    texts = [re.sub(r"\s+", "", t) for t in _NUMBER.split(line)]
    return texts, _NUMBER.findall(line)


def _last_digit_unit(token):
    """The value of one unit in the last printed digit, or 0 when fewer than four
    significant digits were printed (then no rounding slack is given)."""
    mantissa, _, exp = token.lower().lstrip("+-").partition("e")
    digits = mantissa.replace(".", "").lstrip("0")
    if len(digits) < 4 or "." not in mantissa:
        return 0.0
    decimals = len(mantissa.split(".")[1])
    return 10.0 ** (int(exp or 0) - decimals)


def compare_output(actual, expected, rtol=1e-4, atol=1e-5):
    """A list of mismatch descriptions (empty when the outputs agree)."""
    act, exp = actual.splitlines(), expected.splitlines()
    problems = []
    if len(act) != len(exp):
        problems.append("line count %d != expected %d" % (len(act), len(exp)))
    for n, (a, e) in enumerate(zip(act, exp), 1):
        (ta, na), (te, ne) = _tokens(a), _tokens(e)
        if ta != te or len(na) != len(ne):
            problems.append("line %d text differs:\n  got      %r\n  expected %r" % (n, a, e))
            continue
        for x, y in zip(na, ne):
            fx, fy = float(x), float(y)
            tol = max(atol + rtol * abs(fy), _last_digit_unit(y) * 1.0001)
            if abs(fx - fy) > tol:
                problems.append("line %d number %s != expected %s:\n  got      %r\n"
                                "  expected %r" % (n, x, y, a, e))
    return problems


def test_every_example_has_a_fixture():
    assert len(SCRIPTS) >= 3
    for name in SCRIPTS:
        assert os.path.exists(os.path.join(GOLDEN, name + ".txt")), \
            "run ~/.mxref/bin/python tools/golden/legacy_outputs.py " + name


def test_compare_output_detects_differences():
    ref = "epoch 1, loss 0.08384\n[[ 1.5  2. ]]\n<NDArray 1x2 @cpu(0)>\n"
    assert compare_output(ref, ref) == []
    # last-digit rounding and NumPy's column padding are tolerated
    assert compare_output("epoch 1, loss 0.08385\n[[1.5 2. ]]\n<NDArray 1x2 @cpu(0)>\n",
                          ref) == []
    assert compare_output("epoch 1, loss 0.08390\n[[ 1.5  2. ]]\n<NDArray 1x2 @cpu(0)>\n", ref)
    assert compare_output("epoch 2, loss 0.08384\n[[ 1.5  2. ]]\n<NDArray 1x2 @cpu(0)>\n", ref)
    assert compare_output("epoch 1, loss 0.08384\n[[ 1.5  2. ]]\n<NDArray 1x2 @gpu(0)>\n", ref)
    assert compare_output("epoch 1, loss 0.08384\n[[ 1.5  3. ]]\n<NDArray 1x2 @cpu(0)>\n", ref)
    assert compare_output("epoch 1, loss 0.08384\n", ref)


@pytest.mark.parametrize("name", SCRIPTS)
def test_legacy_example_matches_mxnet(name, tmp_path):
    script = os.path.join(EXAMPLES, name + ".py")
    with open(os.path.join(GOLDEN, name + ".txt")) as f:
        expected = f.read()
    proc = subprocess.run([sys.executable, "-m", "mxjax", script], cwd=str(tmp_path),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    problems = compare_output(proc.stdout, expected)
    assert not problems, "\n".join(problems[:10])
