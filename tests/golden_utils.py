"""Load golden fixtures written by tools/golden/*.py under real MXNet 1.9.1."""
import os

import numpy as np

GOLDEN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")


def load(name):
    """{case: {field: numpy array}} from tests/golden/<name>.npz."""
    data = np.load(os.path.join(GOLDEN_DIR, name + ".npz"), allow_pickle=False)
    cases = {}
    for key in data.files:
        case, field = key.split("::", 1)
        cases.setdefault(case, {})[field] = data[key]
    return cases


def assert_matches(actual, expected, rtol=1e-5, atol=1e-6, check_dtype=True):
    """Compare an NDArray (or array) with a golden array: shape, dtype and values."""
    a = actual.asnumpy() if hasattr(actual, "asnumpy") else np.asarray(actual)
    assert a.shape == expected.shape, "shape %s != golden %s" % (a.shape, expected.shape)
    if check_dtype:
        assert a.dtype == expected.dtype, "dtype %s != golden %s" % (a.dtype, expected.dtype)
    np.testing.assert_allclose(a.astype(np.float64), expected.astype(np.float64),
                               rtol=rtol, atol=atol, equal_nan=True)


def nd_function(name):
    """``mx.nd.<name>`` of mxjax (dotted names reach sub-namespaces: ``contrib.isnan``)."""
    from mxjax import nd
    f = nd
    for part in name.split("."):
        f = getattr(f, part)
    return f


def run_op_by_op(replay, case):
    """``replay(case)`` with ``jax.disable_jit``: each primitive then compiles once for all
    golden cases, where a program per case would dominate the run time."""
    import jax
    with jax.disable_jit():
        replay(case)
