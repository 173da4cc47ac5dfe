"""W9/W11 plumbing of bench/process_bench.py: stopwatch of child processes and verdicts."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
import process_bench  # noqa: E402


def test_timed_process_stamps_json_lines(tmp_path):
    code = ("import json, time\nprint('chatter')\nprint(json.dumps({'step': 1}), flush=True)\n"
            "time.sleep(0.3)\nprint(json.dumps({'step': 2}), flush=True)\n")
    out = process_bench.timed_process([sys.executable, "-c", code], dict(os.environ), 60,
                                      str(tmp_path / "log"))
    assert out["rc"] == 0 and not out["timed_out"]
    assert [e["step"] for e in out["events"]] == [1, 2]
    assert out["events"][1]["wall_s"] - out["events"][0]["wall_s"] >= 0.25
    assert out["output_tail"] == ["chatter"]


def test_timed_process_timeout(tmp_path):
    out = process_bench.timed_process([sys.executable, "-c", "import time; time.sleep(30)"],
                                      dict(os.environ), 0.5, str(tmp_path / "log"))
    assert out["timed_out"] and out["wall_s"] < 20


def _median_of(table):
    def median_of(res, key, impl):
        return table.get((key, impl))
    return median_of


def test_w11_target_from_same_run_or_fallback():
    res = {"w11": {
        "a.py": {"family": "convolutional", "ref_workload": "W7", "fallback_ratio": 2.0,
                 "mxnet": {"wall_s": 10.0}, "mxjax": {"wall_s": 25.0}},
        "b.py": {"family": "LSTM", "ref_workload": "W8", "fallback_ratio": 1.0,
                 "mxnet": {"wall_s": 10.0}, "mxjax": {"wall_s": 9.0}},
        "c.py": {"family": "LSTM", "ref_workload": "W8", "fallback_ratio": 1.0,
                 "mxnet": {"wall_s": 10.0}, "mxjax": {"skip": "exit 1", "wall_s": 1.0}}}}
    v = process_bench.w11_verdicts(res, _median_of({("W7", "jax"): 0.6, ("W7", "mxnet"): 0.2}))
    assert [x["met"] for x in v] == [True, True, None]
    assert abs(v[0]["limit"] - 3.0) < 1e-9 and "this run" in v[0]["target"]
    assert v[1]["limit"] == 1.0 and "estimate" in v[1]["target"]
    assert abs(v[0]["ratio"] - 2.5) < 1e-9


def test_w9_verdicts():
    res = {"w9": {"runs": [
        {"impl": "mxnet", "run": "first run", "first_step_wall_s": 2.0},
        {"impl": "mxjax", "run": "first run (empty cache)", "first_step_wall_s": 5.0},
        {"impl": "mxnet", "run": "later run", "first_step_wall_s": 2.0},
        {"impl": "mxjax", "run": "later run (warm cache)", "first_step_wall_s": 1.5}]}}
    v = process_bench.w9_verdicts(res)
    assert [(x["ratio"], x["met"]) for x in v] == [(2.5, False), (0.75, True)]
