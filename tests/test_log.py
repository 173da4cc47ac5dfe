"""mx.log.get_logger (MXNet's record layout), mx.util.get_gpu_count, the mx.contrib
aliases, JAX's backend INFO line kept out of user logs, and an NDArray printed inside a
hybridized forward."""
import logging
import subprocess
import sys

import mxjax as mx
from mxjax import gluon


def test_get_logger_formats_as_mxnet(tmp_path):
    path = tmp_path / "log.txt"
    logger = mx.log.get_logger("mxjax_test_logger", filename=str(path), level=mx.log.INFO)
    assert mx.log.get_logger("mxjax_test_logger") is logger   # set up once
    logger.info("hello %d", 7)
    logger.debug("hidden")
    for h in logger.handlers:
        h.flush()
    text = path.read_text()
    assert "hello 7" in text and "hidden" not in text
    line = text.splitlines()[0]
    assert line.startswith("\x1b[0;32mI") and "test_log.py:test_get_logger_formats_as_mxnet" in line


def test_gpu_count_and_contrib_aliases():
    assert mx.util.get_gpu_count() == mx.context.num_gpus()
    assert mx.contrib.nd.foreach is mx.nd.contrib.foreach
    assert mx.contrib.sym.foreach is mx.sym.contrib.foreach
    from mxjax.contrib import ndarray, symbol
    assert ndarray.isfinite is mx.nd.contrib.isfinite and symbol.cond is mx.sym.contrib.cond


def test_no_jax_backend_info_line():
    code = ("import logging; logging.basicConfig(level=logging.INFO)\n"
            "import mxjax as mx\nprint(mx.nd.ones((2,)).sum().asscalar())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300)
    assert out.stdout.strip() == "2.0"
    assert "xla_bridge" not in out.stderr


def test_print_inside_hybridized_forward(capsys):
    class Net(gluon.HybridBlock):
        def hybrid_forward(self, F, x):
            print("x:", x)
            return x * 2

    net = Net()
    net.hybridize()
    out = net(mx.nd.ones((1, 3)))
    assert out.asnumpy().tolist() == [[2.0, 2.0, 2.0]]
    assert "<NDArray 1x3 @cpu(0) (traced: a hybridized forward)>" in capsys.readouterr().out
