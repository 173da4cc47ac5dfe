"""The conformance ratchet in CI: MXNet 1.9.1's own unit test files, run through the
alias, keep every test that passed passing, and the committed record stays current.

One test item runs all the files (several pytest processes at once,
``$MXJAX_CONFORMANCE_JOBS``, default 2), so under xdist it runs beside the rest of
the suite. It skips when the folder of MXNet's tests is absent (it is read from
``../shared/mxnet-1.9.1-tests`` beside the checkout or ``$MXJAX_CONFORMANCE_TESTS``).
"""
import os
import sys

import pytest

from mxjax import conformance, conformance_ratchet

EXPECTED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected.json")


# Files left out of the CI item, with the reason: each takes over ten CPU-minutes through the
# runner (every new shape compiles), more than CI's time allows beside the suite. Run them by
# hand: python -m mxjax.conformance -j 2 test_gluon.py test_ndarray.py test_optimizer.py test_random.py
NOT_IN_CI = {
    "test_gluon.py": "over 10 CPU-minutes and 4 GB through the runner",
    "test_ndarray.py": "over 10 CPU-minutes through the runner",
    "test_optimizer.py": "over 10 CPU-minutes through the runner",
    "test_random.py": "over 5 CPU-minutes through the runner (chi-square checks compile per shape)",
}


def _test_files(tests_dir):
    return sorted(f for f in os.listdir(tests_dir)
                  if f.startswith("test_") and f.endswith(".py") and f not in NOT_IN_CI)


def test_mxnet_unit_tests_do_not_regress():
    tests_dir = conformance.default_tests_dir()
    if tests_dir is None:
        pytest.skip("MXNet 1.9.1's unit tests are not here (../shared/mxnet-1.9.1-tests or "
                    "$MXJAX_CONFORMANCE_TESTS): the conformance ratchet is not checked")
    record = conformance_ratchet.load(EXPECTED)
    assert record["files"], "tests/conformance/expected.json is missing or empty"
    files = _test_files(tests_dir)
    jobs = int(os.environ.get("MXJAX_CONFORMANCE_JOBS", "2"))
    # A generous limit per file: CI runs this beside the rest of the suite on 2 cores.
    timeout = float(os.environ.get("MXJAX_CONFORMANCE_TIMEOUT", "2400"))
    results = conformance.run(tests_dir, files, jobs=jobs, out=sys.stderr, timeout=timeout)
    record = dict(record, files={name: tests for name, tests in record["files"].items()
                                 if name not in NOT_IN_CI})
    diff = conformance_ratchet.compare(record, results, files)
    report = conformance_ratchet.describe(diff)
    assert not diff["regressions"] and not diff["stale"], report


def test_record_has_a_reason_for_every_test_that_does_not_pass():
    record = conformance_ratchet.load(EXPECTED)
    for name, tests in record["files"].items():
        for test, entry in tests.items():
            assert entry["status"] in ("passed", "failed", "error", "skipped"), (name, test)
            if entry["status"] != "passed":
                assert conformance_ratchet.shown_reason(entry).strip(), (name, test)
