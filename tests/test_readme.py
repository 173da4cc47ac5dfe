"""The README's example and set-up commands stay true."""
import os
import re
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _readme():
    with open(os.path.join(ROOT, "README.md")) as f:
        return f.read()


def test_ten_line_example_runs():
    block = re.search(r"## Ten lines\n\n```python\n(.*?)```", _readme(), re.S).group(1)
    scope = {}
    exec(compile(block, "README.md", "exec"), scope)  # noqa: S102
    loss = scope["loss"].asnumpy()
    assert loss.shape == (32,) and np.all(np.isfinite(loss)) and loss.mean() > 0


def test_setup_commands_are_the_ci_commands():
    setup = re.search(r"## Set-up\n\n```\n(.*?)```", _readme(), re.S).group(1).splitlines()
    assert len(setup) == 2
    assert setup[0] == "pip install -e . && python -m mxjax.demo"
    with open(os.path.join(ROOT, ".ci", "run")) as f:
        ci = f.read()
    assert 'pip install --quiet --disable-pip-version-check -e ".[test]"' in ci
    assert "python3 -m pytest" in ci and setup[1].endswith("python -m pytest")
    # GluonCV/GluonNLP (tests/clients/) installed the same way by both
    clients = "pip install --no-deps gluoncv==0.10.5.post0 gluonnlp==0.10.0"
    assert " && %s && " % clients in setup[1]
    assert clients.replace("install", "install --quiet --disable-pip-version-check") in ci


def test_demo_prints_seed_results():
    out = subprocess.run([sys.executable, "-m", "mxjax.demo"], capture_output=True, text=True,
                         check=True).stdout
    assert "[[ 4.  8.]\n [12. 16.]]" in out
    assert "[[40.    8.  ]\n [ 1.2   0.16]]" in out
    assert "a.grad == c/a*head -> True" in out
    assert "= 3.7182817" in out and "second derivative = 2.7182817" in out
