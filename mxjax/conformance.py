"""Run MXNet-style pytest files unchanged against mxjax.

``python -m mxjax.conformance [--tests DIR] [--json OUT] [FILES ...]`` copies DIR
(default: ``../shared/mxnet-1.9.1-tests`` beside the checkout, or
``$MXJAX_CONFORMANCE_TESTS``) to a temporary folder, adds a ``conftest.py`` that
installs the ``mxnet`` alias, runs each test file in its own pytest process and
prints, per file, how many tests passed, failed, errored and were skipped, and a
total.  Users porting a code base can point it at their own test suite.

With ``--json OUT`` every test's outcome (and the first line of its failure)
is written to OUT. ``--update EXPECTED`` writes the outcomes into the ratchet
record (``mxjax.conformance_ratchet``) and ``--check EXPECTED`` fails when a
recorded pass now fails or the record is stale; ``tests/conformance/`` runs
the same check in CI.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree

__all__ = ["default_tests_dir", "run_file", "run", "main", "STAND_INS"]

# Modules or names the runner supplies only inside its temporary copy, because no
# user program would need them from mxjax (each is printed with the results).
STAND_INS = {}

_CONFTEST = '''\
# Written by mxjax.conformance: the test files import mxnet; mxnet is mxjax.
import mxjax
mxjax.install_mxnet_alias()
'''


def default_tests_dir():
    """The folder of MXNet 1.9.1's unit tests: ``$MXJAX_CONFORMANCE_TESTS`` or ``../shared/…``.

    Returns
    -------
    str or None
        The folder, or None when it does not exist.
    """
    env = os.environ.get("MXJAX_CONFORMANCE_TESTS")
    candidates = [env] if env else []
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    candidates.append(os.path.join(os.path.dirname(here), "shared", "mxnet-1.9.1-tests"))
    candidates.append(os.path.join(os.getcwd(), "..", "shared", "mxnet-1.9.1-tests"))
    for path in candidates:
        if path and os.path.isdir(path):
            return os.path.abspath(path)
    return None


def _first_line(text):
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            return line[:300]
    return ""


def _reason(element):
    """One line saying why a test did not pass: the exception line pytest reports."""
    message = element.get("message") or ""
    text = element.text or ""
    for line in text.splitlines():
        if line.startswith("E   "):
            return line[4:].strip()[:300]
    return _first_line(message) or _first_line(text)


def _parse_junit(path, file_name):
    outcomes = {}
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError):
        return outcomes
    for case in root.iter("testcase"):
        name = case.get("name")
        classname = case.get("classname") or ""
        if "." in classname and not classname.endswith(file_name[:-3]):
            name = classname.rsplit(".", 1)[-1] + "::" + name
        status, reason = "passed", ""
        for child in case:
            if child.tag in ("failure", "error"):
                status, reason = ("failed" if child.tag == "failure" else "error"), _reason(child)
                break
            if child.tag == "skipped":
                status, reason = "skipped", _first_line(child.get("message"))
                break
        if name in outcomes and outcomes[name]["status"] == "passed" and status == "error":
            status = "failed"  # a teardown error after a passed call
        outcomes[name] = {"status": status, "reason": reason}
    return outcomes


def run_file(workdir, file_name, timeout=900, extra_args=()):
    """Run one test file in ``workdir``; return ``{test: {status, reason}}`` and the seconds taken.

    Parameters
    ----------
    workdir : str
        The temporary copy of the test folder (with the runner's conftest.py).
    file_name : str
        The test file, relative to ``workdir``.
    timeout : float
        Seconds before the file's pytest process is stopped (its tests count as errors).
    extra_args : sequence of str
        More pytest arguments.
    """
    junit = os.path.join(workdir, ".junit-%s.xml" % os.path.basename(file_name))
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
           "-o", "addopts=", "--junitxml", junit, file_name] + list(extra_args)
    env = dict(os.environ)
    env.setdefault("MXNET_TEST_SEED", "1234")
    start = time.time()
    try:
        proc = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True,
                              timeout=timeout, env=env)
        tail = proc.stdout[-2000:]
    except subprocess.TimeoutExpired:
        tail = "timed out after %ss" % timeout
    seconds = time.time() - start
    outcomes = _parse_junit(junit, os.path.basename(file_name))
    if not outcomes:
        outcomes = {"<collection>": {"status": "error", "reason": _collection_error(tail)}}
    return outcomes, seconds


def _collection_error(output):
    for line in output.splitlines():
        if line.startswith("E   "):
            return line[4:].strip()[:300]
    return _first_line(output[-300:]) or "no test ran"


def prepare(tests_dir):
    """Copy ``tests_dir`` to a new temporary folder and add the runner's conftest.py."""
    workdir = tempfile.mkdtemp(prefix="mxjax-conformance-")
    shutil.rmtree(workdir)
    shutil.copytree(tests_dir, workdir, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for root, dirs, files in os.walk(workdir):
        os.chmod(root, 0o755)
        for name in files:
            os.chmod(os.path.join(root, name), 0o644)
    with open(os.path.join(workdir, "conftest.py"), "w") as handle:
        handle.write(_CONFTEST)
    return workdir


def _counts(outcomes):
    counts = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
    for item in outcomes.values():
        counts[item["status"]] += 1
    return counts


def run(tests_dir, files=None, timeout=900, out=sys.stdout, jobs=1):
    """Run ``files`` (default: every ``test_*.py`` in ``tests_dir``) and print a summary.

    Returns
    -------
    dict
        ``{file: {test: {"status": ..., "reason": ...}}}``.
    """
    if not files:
        files = sorted(f for f in os.listdir(tests_dir) if f.startswith("test_") and f.endswith(".py"))
    workdir = prepare(tests_dir)
    results = {}
    try:
        if jobs > 1:
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(jobs) as pool:
                done = dict(zip(files, pool.map(lambda f: run_file(workdir, f, timeout), files)))
        else:
            done = {}
            for name in files:
                done[name] = run_file(workdir, name, timeout)
        total = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
        print("%-34s %7s %7s %7s %7s %8s" % ("file", "passed", "failed", "errors", "skipped",
                                            "seconds"), file=out)
        for name in files:
            outcomes, seconds = done[name]
            results[name] = outcomes
            counts = _counts(outcomes)
            for key in total:
                total[key] += counts[key]
            print("%-34s %7d %7d %7d %7d %8.1f" % (name, counts["passed"], counts["failed"],
                                                   counts["error"], counts["skipped"], seconds),
                  file=out)
        print("%-34s %7d %7d %7d %7d" % ("total", total["passed"], total["failed"], total["error"],
                                         total["skipped"]), file=out)
        if STAND_INS:
            print("stand-ins supplied by the runner (not part of mxjax):", file=out)
            for name, why in sorted(STAND_INS.items()):
                print("  %s: %s" % (name, why), file=out)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return results


def main(argv=None):
    """Command-line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m mxjax.conformance",
                                     description="Run MXNet-style pytest files against mxjax.")
    parser.add_argument("files", nargs="*", help="test files inside --tests (default: all test_*.py)")
    parser.add_argument("--tests", default=None, help="folder of the test files")
    parser.add_argument("--json", default=None, help="write every test's outcome to this file")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per file")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="files run at once")
    parser.add_argument("--update", default=None, metavar="EXPECTED",
                        help="write the outcomes into this ratchet record (hand-written "
                             "notes kept; files not run are left as they are)")
    parser.add_argument("--check", default=None, metavar="EXPECTED",
                        help="exit 1 when a test recorded as passed fails, or the record "
                             "is stale")
    args = parser.parse_args(argv)
    tests_dir = args.tests or default_tests_dir()
    if not tests_dir or not os.path.isdir(tests_dir):
        print("mxjax.conformance: no test folder (give --tests DIR)", file=sys.stderr)
        return 2
    files = [os.path.basename(f) if os.path.isabs(f) else f for f in args.files]
    results = run(tests_dir, files, timeout=args.timeout, jobs=args.jobs)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=1, sort_keys=True)
    if args.update:
        from . import conformance_ratchet
        conformance_ratchet.save(conformance_ratchet.build(
            results, conformance_ratchet.load(args.update)), args.update)
        print("wrote %s" % args.update)
    if args.check:
        from . import conformance_ratchet
        diff = conformance_ratchet.compare(conformance_ratchet.load(args.check), results)
        report = conformance_ratchet.describe(diff)
        if report:
            print(report)
        if diff["regressions"] or diff["stale"]:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
