"""tools/gpu_conformance.py: the wrappers it writes make the wrapped file's tests run with
the chosen default context (mx.gpu(0), or mx.cpu(0) under MXJAX_GPU_CONFORMANCE_CTX=cpu)."""
import os
import sys

from mxjax import conformance

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))

import gpu_conformance  # noqa: E402

UNITTEST = '''import os
import mxnet as mx
from mxnet.test_utils import default_context


def test_the_default_context_is_the_wrappers():
    assert str(default_context()) == os.environ["EXPECTED_CTX"]
'''


def test_wrappers_set_the_default_context(tmp_path, monkeypatch):
    unittest = tmp_path / "unittest"
    unittest.mkdir()
    (unittest / "test_foo.py").write_text(UNITTEST)
    (unittest / "common.py").write_text("")
    out = str(tmp_path / "out")
    files = gpu_conformance.build(str(unittest), out, ["foo"])
    assert files == ["test_foo_gpu.py"]
    text = open(os.path.join(out, "test_foo_gpu.py")).read()
    assert "from test_foo import *" in text and "set_default_context" in text
    for mode, expected in (("cpu", "cpu(0)"), ("gpu", "gpu(0)")):
        monkeypatch.setenv("MXJAX_GPU_CONFORMANCE_CTX", mode)
        monkeypatch.setenv("EXPECTED_CTX", expected)
        with open(os.devnull, "w") as devnull:
            results = conformance.run(out, files, timeout=300, out=devnull)
        outcomes = results["test_foo_gpu.py"]
        assert {k: v["status"] for k, v in outcomes.items()} == {
            "test_the_default_context_is_the_wrappers": "passed"}, (mode, outcomes)
