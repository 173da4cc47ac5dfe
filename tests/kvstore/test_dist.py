"""Distributed kvstores on jax.distributed: 2 workers x 2 forced CPU devices on
loopback, started with MXNet's DMLC_* variables (no mxjax launcher), each bounded in
time and stopped at the end."""
import json
import os
import socket
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


def _port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("dist") / "kv")
    port = _port()
    procs = []
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MXJAX_", "DMLC_"))}
    for rank in range(2):
        env = dict(base, XLA_FLAGS="--xla_force_host_platform_device_count=2",
                   DMLC_ROLE="worker", DMLC_PS_ROOT_URI="127.0.0.1",
                   DMLC_PS_ROOT_PORT=str(port - 1), DMLC_NUM_WORKER="2",
                   DMLC_WORKER_ID=str(rank))
        procs.append(subprocess.Popen([sys.executable, os.path.join(HERE, "dist_kv_worker.py"),
                                       out], env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    try:
        errs = [p.communicate(timeout=300)[1] for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    for p, err in zip(procs, errs):
        assert p.returncode == 0, err[-3000:]
    return [json.load(open("%s_%d.json" % (out, r))) for r in range(2)]


def test_rank_and_workers(results):
    assert [(r["rank"], r["num_workers"], r["type"]) for r in results] == \
        [(0, 2, "dist_sync"), (1, 2, "dist_sync")]


def test_init_takes_rank_zero_value(results):
    assert [r["init"] for r in results] == [1.0, 1.0]


def test_push_sums_over_contexts_and_workers(results):
    # worker 0 pushes 1 + 1, worker 1 pushes 2 + 1: every copy pulls 5
    assert [r["push"] for r in results] == [[5.0, 5.0], [5.0, 5.0]]


def test_optimizer_in_the_store_sees_the_global_sum(results):
    # sgd lr 0.5: weight 1 - 0.5 * (1 + 2) = -0.5; weight 0 - 0.5 * (1 + 1) = -1
    for r in results:
        assert r["sgd"] == [[-0.5] * 4, [-1.0] * 3]
