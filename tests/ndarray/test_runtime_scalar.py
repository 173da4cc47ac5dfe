"""A number attribute of the ``*_scalar`` operators is a run-time input
(``OpDef.with_runtime_scalar``): a value read back with ``asscalar()`` and used in the
next step's graph does not compile a program per value, and results, gradients, the
C++ conversion of the number and exported symbols are as with a fixed attribute."""
import json

import numpy as np
import pytest

import mxjax as mx
from mxjax import nd, autograd


def _compiles():
    return mx.engine.stats()["xla_compiles"]


def test_changing_scalars_compile_nothing_new():
    x = nd.array(np.linspace(-1, 1, 6).astype(np.float32).reshape(2, 3))
    x.attach_grad()

    def step(m):
        with autograd.record():
            y = nd.exp((x - m) * (m + 1.5)) / (m + 2)
        y.backward()
        return y.asnumpy(), x.grad.asnumpy()

    for m in np.linspace(1, 2, 12):   # warm up: the first numbers an operator sees
        step(float(m))                 # stay attributes; the next are run-time inputs
    before = _compiles()
    for m in np.linspace(0.1137, 0.9137, 7):   # numbers no other test uses
        m = float(m)
        y, g = step(m)
        xv = x.asnumpy().astype(np.float64)
        want = np.exp((xv - m) * (m + 1.5)) / (m + 2)
        np.testing.assert_allclose(y, want, rtol=1e-5)
        np.testing.assert_allclose(g, want * (m + 1.5), rtol=1e-5)
    assert _compiles() == before


def test_eager_calls_share_one_program():
    x = nd.ones((4,))
    for v in range(12):   # past the numbers kept as attributes
        (x * (v + 0.5)).wait_to_read()
        (v + 0.5 - x).wait_to_read()
    before = _compiles()
    for v in (1.2537, 2.5137, 3.7537, 7.0137):   # numbers no other test uses
        np.testing.assert_allclose((x * v).asnumpy(), [v] * 4)
        np.testing.assert_allclose((v - x).asnumpy(), [v - 1] * 4)
    assert _compiles() == before


@pytest.mark.parametrize("dtype, scalar, want", [
    ("int32", 2.7, [2, 4, 6]),        # the number truncated to the array's dtype first
    ("int32", -1.5, [-1, -2, -3]),
    ("float16", 0.1, None),
])
def test_number_converted_as_mxnet(dtype, scalar, want):
    x = nd.array([1, 2, 3], dtype=dtype)
    got = (x * scalar).asnumpy()
    assert got.dtype == np.dtype(dtype)
    if want is None:
        want = np.array([1, 2, 3], np.float16) * np.float16(scalar)
    np.testing.assert_array_equal(got, want)


def test_float64_path_of_integer_arrays():
    x = nd.array([1, 2], dtype="int32")
    out = nd._internal._plus_scalar(x, scalar=0.5, is_int=False)
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out.asnumpy(), [1.5, 2.5])


@pytest.mark.parametrize("runtime", [False, True])
def test_exported_symbol_keeps_the_attribute(runtime):
    x = nd.ones((2,))
    x.attach_grad()
    for v in range(12 if runtime else 0):   # the numbers below are new: run-time inputs
        (x * (v + 100.5) + (v + 200.5)) / (v + 300.5)
    with autograd.record():
        y = (x * 0.1 + 1) / 3.0
    nodes = json.loads(autograd.get_symbol(y).tojson())["nodes"]
    ops = [(n["op"], n.get("attrs"), len(n["inputs"])) for n in nodes if n["op"] != "null"]
    assert ops == [("_mul_scalar", {"scalar": "0.1"}, 1), ("_plus_scalar", {"scalar": "1"}, 1),
                   ("_div_scalar", {"scalar": "3"}, 1)]


def test_non_python_numbers_stay_attributes():
    """A NumPy scalar or 0-d array as the attribute (unhashable for the operator's set
    of numbers) runs as an attribute, as before the run-time form existed."""
    x = nd.ones((2,))
    np.testing.assert_array_equal(nd._internal._plus_scalar(x, scalar=np.array(2.0)).asnumpy(),
                                  [3, 3])
    np.testing.assert_array_equal(nd._internal._mul_scalar(x, scalar=np.float32(2.5)).asnumpy(),
                                  [2.5, 2.5])
    ints = nd.array([1, 2], dtype="int32")   # converted to the array's dtype first
    got = nd._internal._mul_scalar(ints, scalar=np.float32(2.5))
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got.asnumpy(), [2, 4])
