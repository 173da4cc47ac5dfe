"""Symbolic API side by side with MXNet 1.9.1 (issue 13, item 6).

    python bench/module_bench.py [--quick] [--json out.json]

Workloads, each run by each implementation in its own subprocess (MXNet with
``~/.mxref/bin/python``, mxjax with this interpreter), on the same synthetic data:

* ``mlp_fit``   — one ``Module.fit`` epoch of a 784-128-64-10 MLP (SoftmaxOutput,
  SGD with momentum, batch 100);
* ``lenet_fit`` — one ``Module.fit`` epoch of LeNet (conv 20/50 + tanh + max pooling,
  fc 500, batch 64);
* ``resnet18_b1`` / ``resnet18_b32`` — inference of a ResNet-18 (``gluon.model_zoo``
  ``resnet18_v1``) exported by MXNet and loaded with ``SymbolBlock.imports``, batch 1
  and 32.

A fit epoch is timed after a first (warm-up, compiling) epoch; inference after three
warm-up calls; each is the median of the repeats, with the result read back to the
host so asynchronous work is included. Prints seconds per epoch / per batch and the
ratio MXNet time / mxjax time (above 1: mxjax is faster).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

MXREF = os.path.expanduser("~/.mxref/bin/python")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TASKS = ["mlp_fit", "lenet_fit", "resnet18_b1", "resnet18_b32"]


# ------------------------------------------------------------------ worker side
def _mlp(mx):
    data = mx.sym.var("data")
    h = mx.sym.Activation(mx.sym.FullyConnected(data, num_hidden=128, name="fc1"),
                          act_type="relu")
    h = mx.sym.Activation(mx.sym.FullyConnected(h, num_hidden=64, name="fc2"),
                          act_type="relu")
    return mx.sym.SoftmaxOutput(mx.sym.FullyConnected(h, num_hidden=10, name="fc3"),
                                name="softmax")


def _lenet(mx):
    data = mx.sym.var("data")
    h = mx.sym.Convolution(data, kernel=(5, 5), num_filter=20, name="conv1")
    h = mx.sym.Pooling(mx.sym.Activation(h, act_type="tanh"), pool_type="max",
                       kernel=(2, 2), stride=(2, 2))
    h = mx.sym.Convolution(h, kernel=(5, 5), num_filter=50, name="conv2")
    h = mx.sym.Pooling(mx.sym.Activation(h, act_type="tanh"), pool_type="max",
                       kernel=(2, 2), stride=(2, 2))
    h = mx.sym.Activation(mx.sym.FullyConnected(mx.sym.flatten(h), num_hidden=500,
                                                name="fc1"), act_type="tanh")
    return mx.sym.SoftmaxOutput(mx.sym.FullyConnected(h, num_hidden=10, name="fc2"),
                                name="softmax")


def _fit_epoch(mx, sym, x, y, batch, repeat):
    it = mx.io.NDArrayIter(x, y, batch_size=batch, shuffle=False)
    mod = mx.mod.Module(sym, context=mx.cpu())
    opt = {"learning_rate": 0.05, "momentum": 0.9}
    mod.fit(it, num_epoch=1, optimizer="sgd", optimizer_params=opt,
            initializer=mx.init.Xavier(), eval_metric="acc")  # warm-up (compiles)
    times = []
    for e in range(1, 1 + repeat):
        tic = time.perf_counter()
        mod.fit(it, begin_epoch=e, num_epoch=e + 1, optimizer="sgd", optimizer_params=opt,
                eval_metric="acc")
        mod.get_params()[0]["fc1_weight"].asnumpy()
        times.append(time.perf_counter() - tic)
    acc = mod.score(it, "acc")[0][1]
    return times, {"train_acc": float(acc)}


def worker(impl, task, workdir, repeat):
    if impl == "mxnet":
        import mxnet as mx
    else:
        sys.path.insert(0, ROOT)
        import mxjax as mx
    logging_off(mx)
    data = np.load(os.path.join(workdir, "data.npz"))
    if task == "mlp_fit":
        times, extra = _fit_epoch(mx, _mlp(mx), data["mlp_x"], data["mlp_y"], 100, repeat)
    elif task == "lenet_fit":
        times, extra = _fit_epoch(mx, _lenet(mx), data["lenet_x"], data["lenet_y"], 64,
                                  repeat)
    else:
        batch = int(task.split("_b")[1])
        net = mx.gluon.SymbolBlock.imports(os.path.join(workdir, "resnet18-symbol.json"),
                                           ["data"],
                                           os.path.join(workdir, "resnet18-0000.params"))
        x = mx.nd.array(data["img"][:batch])
        for _ in range(3):
            out = net(x).asnumpy()
        times = []
        for _ in range(repeat):
            tic = time.perf_counter()
            out = net(x).asnumpy()
            times.append(time.perf_counter() - tic)
        extra = {"out_sum": float(np.abs(out).sum())}
    return {"impl": impl, "task": task, "times": times, "median": statistics.median(times),
            **extra}


def logging_off(mx):
    import logging
    logging.getLogger().setLevel(logging.WARNING)


def export_resnet(workdir):
    """Run under MXNet: export a randomly initialized resnet18_v1 (fixed seed)."""
    import mxnet as mx
    from mxnet.gluon.model_zoo import vision
    mx.random.seed(0)
    net = vision.resnet18_v1()
    net.initialize(mx.init.Xavier())
    net.hybridize()
    net(mx.nd.zeros((1, 3, 224, 224)))
    net.export(os.path.join(workdir, "resnet18"), epoch=0)


# ------------------------------------------------------------------ driver side
def make_data(workdir, quick):
    rng = np.random.RandomState(0)
    n_mlp, n_lenet = (2000, 640) if quick else (20000, 3200)
    mlp_x = rng.uniform(0, 1, (n_mlp, 784)).astype(np.float32)
    lenet_x = rng.uniform(0, 1, (n_lenet, 1, 28, 28)).astype(np.float32)
    w = rng.normal(0, 1, (784, 10)).astype(np.float32)
    np.savez(os.path.join(workdir, "data.npz"), mlp_x=mlp_x,
             mlp_y=(mlp_x @ w).argmax(1).astype(np.float32),
             lenet_x=lenet_x, lenet_y=(lenet_x.reshape(n_lenet, -1) @ w).argmax(1)
             .astype(np.float32),
             img=rng.uniform(-1, 1, (32, 3, 224, 224)).astype(np.float32))


def run_worker(impl, task, workdir, repeat):
    python = MXREF if impl == "mxnet" else sys.executable
    cmd = [python, os.path.abspath(__file__), "--worker", impl, "--task", task,
           "--dir", workdir, "--repeat", str(repeat)]
    env = dict(os.environ)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800)
    if proc.returncode != 0:
        return {"impl": impl, "task": task, "error": proc.stderr.strip()[-800:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller data, fewer repeats")
    parser.add_argument("--json", default=None, help="write the results here")
    parser.add_argument("--tasks", default=",".join(TASKS))
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--task", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--dir", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--export-resnet", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.export_resnet:
        export_resnet(args.export_resnet)
        return 0
    if args.worker:
        print(json.dumps(worker(args.worker, args.task, args.dir, args.repeat)))
        return 0
    if not os.path.exists(MXREF):
        print("MXNet reference interpreter not found at %s" % MXREF, file=sys.stderr)
        return 1
    tasks = args.tasks.split(",")
    results = []
    with tempfile.TemporaryDirectory(prefix="module_bench_") as workdir:
        make_data(workdir, args.quick)
        if any(t.startswith("resnet") for t in tasks):
            subprocess.run([MXREF, os.path.abspath(__file__), "--export-resnet", workdir],
                           check=True, capture_output=True, timeout=600)
        for task in tasks:
            repeat = (2 if task.endswith("fit") else 5) if args.quick else \
                (3 if task.endswith("fit") else (20 if task.endswith("b1") else 5))
            pair = {impl: run_worker(impl, task, workdir, repeat)
                    for impl in ("mxnet", "mxjax")}
            results.append({"task": task, **pair})
            print(_line(task, pair), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0


def _line(task, pair):
    m, j = pair["mxnet"], pair["mxjax"]
    if "error" in m or "error" in j:
        return "%-13s error: %s" % (task, m.get("error") or j.get("error"))
    unit = "s/epoch" if task.endswith("fit") else "s/batch"
    extra = ""
    if "train_acc" in m:
        extra = "  (train acc mxnet %.3f, mxjax %.3f)" % (m["train_acc"], j["train_acc"])
    return "%-13s mxnet %.4f %s  mxjax %.4f %s  ratio mxnet/mxjax %.2f%s" % (
        task, m["median"], unit, j["median"], unit, m["median"] / j["median"], extra)


if __name__ == "__main__":
    sys.exit(main())
