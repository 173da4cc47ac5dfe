"""mx.profiler: operator calls timed while running (not while stopped or paused), the
user's tasks/counters/markers, MXNet's aggregate table and the Chrome trace file."""
import json

import pytest

import mxjax as mx
from mxjax import profiler
from mxjax.base import MXNetError


@pytest.fixture
def fresh(tmp_path):
    profiler.dumps(reset=True)
    profiler.set_config(filename=str(tmp_path / "earlier.json"), aggregate_stats=True)
    profiler.dump(finished=True)   # forget events other tests left
    profiler.set_config(filename=str(tmp_path / "trace.json"))
    yield tmp_path / "trace.json"
    profiler.set_state("stop")
    profiler.resume()
    profiler.dumps(reset=True)


def _stats():
    return json.loads(profiler.dumps(format="json"))


def test_operators_are_timed_only_while_running(fresh):
    a = mx.nd.ones((8, 8))
    (a * 3).wait_to_read()                      # stopped: not recorded
    profiler.set_state("run")
    (a * 2 + 1).sum().wait_to_read()
    profiler.pause()
    (a - 1).wait_to_read()                      # paused: not recorded
    profiler.resume()
    mx.nd.relu(a).wait_to_read()
    profiler.set_state("stop")
    (a * 5).wait_to_read()
    ops = _stats()["operator"]
    assert set(ops) == {"_mul_scalar", "_plus_scalar", "sum", "relu"}
    assert all(v["Count"] == 1 and v["Total"] > 0 for v in ops.values())
    profiler.dump()
    trace = json.loads(fresh.read_text())
    names = [e["name"] for e in trace["traceEvents"] if e["cat"] == "operator"]
    assert names == ["_mul_scalar", "_plus_scalar", "sum", "relu"]
    assert all(e["ph"] == "X" and e["dur"] > 0 for e in trace["traceEvents"])


def test_user_domains(fresh):
    profiler.set_state("run")
    dom = profiler.Domain("mine")
    with dom.new_task("work"):
        mx.nd.ones((2,)).wait_to_read()
    counter = dom.new_counter("n", 5)
    counter += 2
    counter -= 1
    dom.new_marker("here").mark()
    profiler.Event("ev").start()
    profiler.set_state("stop")
    stats = _stats()
    assert stats["mine"]["work"]["Count"] == 1
    assert stats["mine"]["n"]["Count"] == 3 and counter.value == 6
    assert stats["mine,instant_marker"]["here"]["Count"] == 1
    table = profiler.dumps(sort_by="count", ascending=True)
    assert "Profile Statistics:" in table and "mine" in table and "work" in table


def test_bad_arguments_raise():
    with pytest.raises(MXNetError, match="unknown option"):
        profiler.set_config(no_such_option=True)
    with pytest.raises(MXNetError, match="'run' or 'stop'"):
        profiler.set_state("go")
    with pytest.raises(MXNetError, match="sort_by"):
        profiler.dumps(sort_by="name")
