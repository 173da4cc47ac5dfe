"""python -m mxjax.launch: 2 workers x 2 forced devices with dist_sync give the
parameters of 1 process x 4 devices and of 1 device on the whole batch (loopback,
jax.distributed). Each run is bounded; the launcher stops its workers."""
import os
import subprocess
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
WORKER = os.path.join(HERE, "kvstore", "dp_worker.py")
CONFIGS = ["0:adam", "none:sgd"]


def _single(tmp, num_ctx):
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=4")
    out = str(tmp / ("single%d" % num_ctx))
    proc = subprocess.run([sys.executable, WORKER, out, str(num_ctx), "device"] + CONFIGS,
                          env=env, timeout=300, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return [dict(np.load("%s_%d.npz" % (out, k))) for k in range(len(CONFIGS))]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("launch")
    out = str(tmp / "dist")
    env = {k: v for k, v in os.environ.items() if k != "XLA_FLAGS"}
    proc = subprocess.run([sys.executable, "-m", "mxjax.launch", "-n", "2", "--host-devices",
                           "2", "--timeout", "400", WORKER, out, "2", "dist_sync"] + CONFIGS,
                          env=env, timeout=450, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    dist = [dict(np.load("%s_%d.npz" % (out, k))) for k in range(len(CONFIGS))]
    return dist, _single(tmp, 4), _single(tmp, 1)


@pytest.mark.parametrize("k", range(len(CONFIGS)), ids=CONFIGS)
def test_two_workers_equal_one_process(runs, k):
    dist, four, one = runs
    assert int(dist[k]["num_workers"]) == 2
    names = [n for n in one[k] if n.startswith("p")]
    for name in names:
        np.testing.assert_allclose(dist[k][name], four[k][name], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(dist[k][name], one[k][name], rtol=1e-5, atol=1e-6)
    # MXNet's dist_sync default updates in the store (here: on every worker's copy)
    assert bool(dist[k]["update_on_kvstore"]) == (CONFIGS[k].split(":")[0] != "0")
    # each step's all-reduce (across the processes) + update was one SPMD program
    assert int(dist[k]["spmd"][0]) == 3 * (k + 1)


def test_failing_worker_stops_the_others(tmp_path):
    script = tmp_path / "fail.py"
    script.write_text("import os, sys, time\n"
                      "if os.environ['MXJAX_PROCESS_ID'] == '1':\n"
                      "    sys.exit(3)\n"
                      "time.sleep(300)\n")
    proc = subprocess.run([sys.executable, "-m", "mxjax.launch", "-n", "2", str(script)],
                          timeout=60, capture_output=True, text=True)
    assert proc.returncode == 3


def test_worker_environment(tmp_path):
    script = tmp_path / "env.py"
    script.write_text("import os\n"
                      "keys = ['MXJAX_PROCESS_ID', 'MXJAX_NUM_PROCESSES', 'DMLC_ROLE',\n"
                      "        'DMLC_NUM_WORKER', 'DMLC_WORKER_ID']\n"
                      "open(os.path.join(%r, 'w' + os.environ['MXJAX_PROCESS_ID']), 'w')"
                      ".write(' '.join(os.environ[k] for k in keys) + ' ' +"
                      " os.environ['MXJAX_COORDINATOR'].split(':')[0])\n" % str(tmp_path))
    proc = subprocess.run([sys.executable, "-m", "mxjax.launch", "-n", "2", str(script)],
                          timeout=60, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "w0").read_text() == "0 2 worker 2 0 127.0.0.1"
    assert (tmp_path / "w1").read_text() == "1 2 worker 2 1 127.0.0.1"
