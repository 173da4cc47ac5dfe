"""Run-time (kernel) errors raised when a result is waited for, as MXNet's engine does
(mxjax.core.failure), against what MXNet 1.9.1 did in the same scenarios
(tests/golden/kernel_errors.json, tools/golden/kernel_errors.py)."""
import json
import os
import sys

import numpy as np
import pytest

import mxjax as mx
from mxjax.core import failure

HERE = os.path.dirname(__file__)
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools", "golden"))
import kernel_errors  # noqa: E402

with open(os.path.join(HERE, "..", "golden", "kernel_errors.json")) as _f:
    GOLDEN = json.load(_f)["results"]


@pytest.fixture(autouse=True)
def nothing_pending():
    yield
    try:
        mx.nd.waitall()
    except mx.base.MXNetError:
        pass


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_scenario_as_mxnet(name):
    assert kernel_errors.outcome(mx, kernel_errors.scenarios(mx)[name]) == GOLDEN[name]


def test_the_error_names_the_operator_and_the_parameter():
    a = mx.nd.random.normal(0, -2, (3,))
    with pytest.raises(mx.base.MXNetError, match=r"_random_normal.*scale.*-2"):
        (a * 3).asnumpy()


def test_a_failed_array_keeps_its_shape_and_dtype_and_reads_zeros_after():
    a = mx.nd.random.uniform(2, 1, (4, 5), dtype="float64")
    b = mx.nd.sum(a, axis=1)
    assert a.shape == (4, 5) and a.dtype == np.float64 and b.shape == (4,)
    with pytest.raises(mx.base.MXNetError):
        b.wait_to_read()
    np.testing.assert_array_equal(a.asnumpy(), np.zeros((4, 5)))


def test_the_error_is_not_raised_at_the_call():
    # the call itself, what is computed from it, and a gluon layer all go on
    net = mx.gluon.nn.Dense(3, in_units=2)
    net.initialize()
    z = net(mx.nd.random.normal(0, -1, (4, 2)))
    assert z.shape == (4, 3)
    with pytest.raises(mx.base.MXNetError):
        mx.nd.waitall()
    mx.nd.waitall()   # raised once: forgotten


def test_kernel_check_and_checks_off():
    with pytest.raises(failure.KernelError, match="bad"):
        failure.kernel_check(False, "bad")
    with failure.checks_off():
        failure.kernel_check(False, "bad")   # shapes are inferred with the checks off
    failure.kernel_check(True, "fine")
