"""Data-parallel training on 1, 2 and 4 devices and on 2 processes: step time and the
share of it spent summing gradients.

    python bench/dp_bench.py                  # every configuration; writes bench/DP_RESULTS.md
    python bench/dp_bench.py --steps 10 --out /tmp/dp.md

Each configuration runs in its own process (forced host devices come from
``XLA_FLAGS``, set before JAX starts); the 2-process one runs under
``python -m mxjax.launch -n 2`` with ``kvstore='dist_sync'``. A step is what an MXNet
user writes: ``split_and_load`` of one global batch, one recorded forward per device,
``autograd.backward`` over the losses and ``Trainer.step`` (the gradient sum and the
update as one SPMD program). The communication time is the gradient all-reduce alone
(``lax.psum`` of every gradient over the devices and workers, compiled once), timed on
the same arrays after the training steps.

Forced host devices share this machine's CPU cores: the figures show what the data
parallelism costs on top of the computation (a step over 4 devices does the same
arithmetic as one over 1), not a speed-up, which needs real devices.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MODELS = {"mlp": "W4 MLP 784-256-256-10, global batch 128",
          "cnn": "CNN conv16-pool-conv32-pool-dense10 on 1x28x28, global batch 64"}


def _net(model, gluon):
    net = gluon.nn.HybridSequential()
    if model == "mlp":
        net.add(gluon.nn.Dense(256, activation="relu"), gluon.nn.Dense(256, activation="relu"),
                gluon.nn.Dense(10))
        return net, (128, 784)
    net.add(gluon.nn.Conv2D(16, 3, activation="relu"), gluon.nn.MaxPool2D(),
            gluon.nn.Conv2D(32, 3, activation="relu"), gluon.nn.MaxPool2D(),
            gluon.nn.Flatten(), gluon.nn.Dense(10))
    return net, (64, 1, 28, 28)


def worker(model, num_devices, kvstore, steps):
    """One configuration: prints one JSON line (rank 0)."""
    import numpy as np
    import mxjax as mx
    from mxjax import autograd, gluon, nd
    from mxjax.context import jax_device
    from mxjax.kvstore.dist import allreduce

    kv = mx.kv.create(kvstore)
    rank, workers = kv.rank, kv.num_workers
    ctx = [mx.cpu(i) for i in range(num_devices)]
    mx.random.seed(0)
    net, shape = _net(model, gluon)
    net.initialize(mx.init.Xavier(), ctx=ctx)
    net.hybridize()
    trainer = gluon.Trainer(net.collect_params(), "sgd",
                            {"learning_rate": 0.05, "momentum": 0.9}, kvstore=kv)
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    rs = np.random.RandomState(rank)
    per_worker = shape[0] // workers
    x = nd.array(rs.normal(size=(per_worker,) + shape[1:]).astype(np.float32))
    y = nd.array(rs.randint(0, 10, per_worker).astype(np.float32))

    def step():
        xs = gluon.utils.split_and_load(x, ctx)
        ys = gluon.utils.split_and_load(y, ctx)
        with autograd.record():
            losses = [loss_fn(net(a), b) for a, b in zip(xs, ys)]
        autograd.backward(losses)
        trainer.step(shape[0])
        for p in net.collect_params().values():
            for d in p.list_data():
                d.wait_to_read()

    t0 = time.perf_counter()
    step()
    first = time.perf_counter() - t0
    for _ in range(4):
        step()
    mx.engine.wait_for_compiles(600)   # steady state: programs compiling in the background
    step()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    devices = [jax_device(c) for c in ctx]
    grads = [[g.data for p in net.collect_params().values() for g in [p.list_grad()[k]]]
             for k in range(num_devices)]
    comm = []
    if num_devices * workers > 1:
        for _ in range(3):
            out = allreduce(grads, devices)
            out[0][0].block_until_ready()
        for _ in range(steps):
            t0 = time.perf_counter()
            out = allreduce(grads, devices)
            for a in out[0]:
                a.block_until_ready()
            comm.append(time.perf_counter() - t0)
    n_values = sum(int(np.prod(a.shape)) for a in grads[0])
    step_ms = 1e3 * float(np.median(times))
    comm_ms = 1e3 * float(np.median(comm)) if comm else 0.0
    stats = mx.engine.stats()
    if rank == 0:
        print("RESULT " + json.dumps({
            "model": model, "devices": num_devices, "workers": workers, "kvstore": kvstore,
            "first_step_s": first, "step_ms": step_ms, "comm_ms": comm_ms,
            "comm_fraction": comm_ms / step_ms, "gradient_values": n_values,
            "spmd_backwards": stats["spmd_backwards"]}), flush=True)


def _run(args, env_extra, timeout=900):
    env = dict(os.environ, **env_extra)
    env.setdefault("PYTHONPATH", ROOT)
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError("no result from %s:\n%s" % (" ".join(args), proc.stderr[-3000:]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--out", default=os.path.join(HERE, "DP_RESULTS.md"))
    ap.add_argument("--worker", nargs=3, metavar=("MODEL", "DEVICES", "KVSTORE"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker[0], int(args.worker[1]), args.worker[2], args.steps)
        return
    me = os.path.abspath(__file__)
    rows = []
    for model in MODELS:
        for n in (1, 2, 4):
            rows.append(_run([sys.executable, me, "--steps", str(args.steps), "--worker",
                              model, str(n), "device"],
                             {"XLA_FLAGS": "--xla_force_host_platform_device_count=4"}))
            print(rows[-1], flush=True)
        rows.append(_run([sys.executable, "-m", "mxjax.launch", "-n", "2", "--host-devices",
                          "1", sys.executable, me, "--steps", str(args.steps), "--worker",
                          model, "1", "dist_sync"], {}))
        print(rows[-1], flush=True)
    load = os.getloadavg()
    lines = ["# Data-parallel training (bench/dp_bench.py)", "",
             "Generated by `python bench/dp_bench.py --steps %d` on %d CPU cores (load "
             "average %.1f / %.1f / %.1f at the end). Each row is its own process; devices "
             "are forced host devices sharing those cores, so 4 devices do the work of 1 "
             "and a row shows what data parallelism costs, not a speed-up."
             % (args.steps, os.cpu_count(), *load), "",
             "| model | devices x processes | kvstore | first step (s) | step (ms) | "
             "gradient all-reduce (ms) | communication share | SPMD backwards |",
             "|---|---|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append("| %s | %d x %d | %s | %.2f | %.1f | %.2f | %.0f%% | %d |" % (
            r["model"], r["devices"], r["workers"], r["kvstore"], r["first_step_s"],
            r["step_ms"], r["comm_ms"], 100 * r["comm_fraction"], r["spmd_backwards"]))
    lines += ["", "Models: " + "; ".join("%s = %s" % kv for kv in MODELS.items()) + ".",
              "The all-reduce is timed alone on the step's gradients (%s), compiled once."
              % ", ".join("%s %d values" % (r["model"], r["gradient_values"])
                          for r in rows if r["devices"] == 1 and r["workers"] == 1), ""]
    with open(args.out, "w") as f:
        f.write("\n".join(lines))
    print("wrote", args.out)


if __name__ == "__main__":
    main()
