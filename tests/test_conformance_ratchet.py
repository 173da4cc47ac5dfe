"""mxjax.conformance_ratchet: building, comparing and saving the conformance record."""
import json

from mxjax import conformance, conformance_ratchet as ratchet


def _run(**tests):
    return {name: {"status": status, "reason": "boom %s" % name if status != "passed" else ""}
            for name, status in tests.items()}


def test_build_keeps_notes_only_while_the_test_does_not_pass():
    previous = {"files": {"test_a.py": {"t1": {"status": "failed", "reason": "x",
                                                "note": "needs sparse storage"},
                                         "t2": {"status": "failed", "reason": "y",
                                                "note": "fixed later"}},
                          "test_b.py": {"t9": {"status": "passed"}}}}
    record = ratchet.build({"test_a.py": _run(t1="error", t2="passed", t3="skipped")}, previous)
    a = record["files"]["test_a.py"]
    assert a["t1"] == {"status": "error", "reason": "boom t1", "note": "needs sparse storage"}
    assert a["t2"] == {"status": "passed"}
    assert a["t3"]["status"] == "skipped" and a["t3"]["reason"] == "boom t3"
    assert record["files"]["test_b.py"] == {"t9": {"status": "passed"}}  # not run: kept
    assert ratchet.shown_reason(a["t1"]) == "needs sparse storage"


def test_build_gives_every_non_pass_a_reason():
    record = ratchet.build({"f.py": {"t": {"status": "skipped", "reason": ""}}})
    assert record["files"]["f.py"]["t"]["reason"] == "skipped without a message"


def test_compare_finds_regressions_and_staleness():
    record = ratchet.build({"f.py": _run(ok="passed", bad="failed", gone="passed"),
                            "old.py": _run(t="passed")})
    same = ratchet.compare(record, {"f.py": _run(ok="passed", bad="error", gone="passed"),
                                    "old.py": _run(t="passed")})
    assert not same["regressions"] and not same["stale"] and ratchet.describe(same) == ""

    diff = ratchet.compare(record, {"f.py": _run(ok="failed", bad="passed", new="passed"),
                                    "new.py": _run(t="passed")}, files=["f.py", "new.py"])
    assert diff["regressions"] == [("f.py", "ok", "failed: boom ok")]
    assert diff["newly_passing"] == [("f.py", "bad")]
    assert diff["added"] == [("f.py", "new"), ("new.py", "*")]
    assert diff["removed"] == [("f.py", "gone"), ("old.py", "*")]
    assert diff["stale"]
    text = ratchet.describe(diff)
    assert "f.py::ok" in text and "--update" in text


def test_regression_alone_is_not_stale():
    record = ratchet.build({"f.py": _run(ok="passed")})
    diff = ratchet.compare(record, {"f.py": _run(ok="skipped")})
    assert diff["regressions"] and not diff["stale"]


def test_save_and_load_round_trip(tmp_path):
    path = str(tmp_path / "sub" / "expected.json")
    assert ratchet.load(path)["files"] == {}
    record = ratchet.build({"f.py": _run(a="passed", b="failed")})
    ratchet.save(record, path)
    assert ratchet.load(path) == record
    assert json.loads(open(path).read())["files"]["f.py"]["b"]["reason"] == "boom b"


def test_runner_update_and_check(tmp_path):
    tests = tmp_path / "suite"
    tests.mkdir()
    (tests / "test_tiny.py").write_text(
        "import mxnet as mx\n\n"
        "def test_ok():\n    assert mx.nd.ones((2,)).sum().asscalar() == 2\n\n"
        "def test_bad():\n    assert mx.nd.zeros((1,)).asscalar() == 1, 'zero is not one'\n")
    expected = str(tmp_path / "expected.json")
    assert conformance.main(["--tests", str(tests), "--update", expected]) == 0
    files = ratchet.load(expected)["files"]
    assert files["test_tiny.py"]["test_ok"] == {"status": "passed"}
    assert files["test_tiny.py"]["test_bad"]["status"] == "failed"
    assert "zero is not one" in files["test_tiny.py"]["test_bad"]["reason"]
    (tests / "test_tiny.py").write_text(
        "def test_ok():\n    assert False, 'now broken'\n\n"
        "def test_bad():\n    pass\n")
    assert conformance.main(["--tests", str(tests), "--check", expected]) == 1


def test_flaky_mark_is_neither_regression_nor_newly_passing_and_survives_update():
    record = {"files": {"f.py": {
        "t": {"status": "passed", "flaky": True, "note": "timing"},
        "u": {"status": "failed", "reason": "x", "flaky": True, "note": "order"}}}}
    for status in ("passed", "failed"):
        results = {"f.py": {"t": {"status": status, "reason": "r"},
                            "u": {"status": status, "reason": "r"}}}
        diff = ratchet.compare(record, results)
        assert not diff["regressions"] and not diff["stale"]
        rebuilt = ratchet.build(results, record)["files"]["f.py"]
        assert rebuilt["t"]["flaky"] and rebuilt["t"]["note"] == "timing"
        assert rebuilt["u"]["flaky"] and rebuilt["u"]["note"] == "order"
