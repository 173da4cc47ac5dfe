"""Model-zoo speed (issue 14): ResNet-18 v1, ResNet-50 v1 and MobileNetV2 1.0 from
``gluon.model_zoo.vision``, hybridized, on mxjax and real MXNet 1.9.1, and torchvision's
equivalents on PyTorch eager.

Usage::

    python bench/zoo_bench.py                       # writes bench/ZOO_RESULTS.md and .json
    python bench/zoo_bench.py --size 112 --n 3 --models resnet18_v1 --out /tmp/zoo
    python bench/zoo_bench.py --device gpu --impls mxjax,torch --out /tmp/zoo-gpu

Each (framework, model) runs in its own process, pinned to one CPU (``taskset -c CPU``,
default CPU 0) with one thread: ``OMP_NUM_THREADS``, ``MKL_NUM_THREADS``,
``OPENBLAS_NUM_THREADS`` = 1 (MXNet's oneDNN/OpenMP), ``torch.set_num_threads(1)``, and
``XLA_FLAGS=--xla_cpu_multi_thread_eigen=false`` (mxjax,
with an empty persistent compile cache so that its first calls compile). PyTorch runs
torchvision's models when torchvision is installed, else the same three layouts written in
PyTorch here (``torch_models``). In each process:

* forward, batch 1, predict mode: the first call (deferred parameter initialisation, graph
  building) and the ``warmup`` calls (mxjax compiles in the second) timed alone, then the
  median of ``n``;
* forward, batch 32: the same (a new input shape: mxjax compiles again);
* a training step, batch 32: ``autograd.record`` forward, softmax cross-entropy,
  ``backward``, ``Trainer('sgd', momentum 0.9).step`` (PyTorch: ``F.cross_entropy``,
  ``backward``, ``torch.optim.SGD`` with ``zero_grad(set_to_none=True)``).

Every call ends with its synchronisation: ``wait_to_read()`` of the output (forward) or of
every parameter (training step) on mxjax and MXNet, as ``bench/workloads.py`` does.
Gluon networks are hybridized with ``static_alloc=True, static_shape=True`` (MXNet's fast
path; mxjax accepts and compiles either way). Inputs are uniform random, 3x224x224 by
default, 1000 classes. torchvision's ``resnet50`` (when used) is v1.5 (stride 2 in the 3x3
convolution of each first bottleneck; Gluon's ``resnet50_v1`` has it in the 1x1): about 4.1
against 3.9 GFLOPs per image.

With ``--device gpu`` every network, input and label lives on the first GPU (``mx.gpu(0)``,
``torch.device("cuda")``), the processes are not pinned or limited to one thread, and each
PyTorch call ends with ``torch.cuda.synchronize()``.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MODELS = {"resnet18_v1": "resnet18", "resnet50_v1": "resnet50",
          "mobilenetv2_1.0": "mobilenet_v2"}  # Gluon name -> torchvision name
IMPLS = ["mxjax", "mxnet", "torch"]
MEASURES = [("fwd1", "forward, batch 1"), ("fwd32", "forward, batch 32"),
            ("train32", "training step, batch 32")]


# ---------------------------------------------------------------------------
# the worker: one framework, one model


def gluon_case(impl, model, size, device="cpu"):
    if impl == "mxjax":
        sys.path.insert(0, ROOT)
        import mxjax
        mxjax.install_mxnet_alias()
    import mxnet as mx
    from mxnet import autograd, gluon
    from mxnet.gluon.model_zoo import vision

    ctx = mx.gpu(0) if device == "gpu" else mx.cpu()
    net = vision.get_model(model, classes=1000)
    net.initialize(mx.init.Xavier(), ctx=ctx)
    net.hybridize(static_alloc=True, static_shape=True)
    x1 = mx.nd.random.uniform(shape=(1, 3, size, size), ctx=ctx)
    x32 = mx.nd.random.uniform(shape=(32, 3, size, size), ctx=ctx)
    y32 = mx.nd.array([i % 1000 for i in range(32)], ctx=ctx)
    mx.nd.waitall()
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = []  # made after the first forward (deferred initialisation)

    def fwd(x):
        def call():
            net(x).wait_to_read()
        return call

    def train():
        if not trainer:
            trainer.append(gluon.Trainer(net.collect_params(), "sgd",
                                         {"learning_rate": 0.01, "momentum": 0.9}))
            trainer.append(list(net.collect_params().values()))
        with autograd.record():
            loss = loss_fn(net(x32), y32)
        loss.backward()
        trainer[0].step(32)
        for p in trainer[1]:  # every updated parameter (mxjax runs lazily, MXNet async)
            p.data().wait_to_read()

    version = mx.__version__ if impl == "mxnet" else __import__("mxjax").__version__
    return {"fwd1": fwd(x1), "fwd32": fwd(x32), "train32": train}, version


def torch_models(torch):
    """The three Gluon networks written in PyTorch, layer for layer (used when torchvision
    is not installed): ResNet v1 with Gluon's layout (stride 2 in the bottleneck's first
    1x1 convolution, biased 1x1 convolutions inside BottleneckV1 as Gluon's), MobileNetV2
    with ReLU6 and a bias-free 1x1 convolution as classifier."""
    nn = torch.nn

    def cbr(cin, cout, k, s, groups=1, act=nn.ReLU, bias=False):
        layers = [nn.Conv2d(cin, cout, k, s, k // 2, groups=groups, bias=bias),
                  nn.BatchNorm2d(cout)]
        return layers + ([act()] if act else [])

    class Basic(nn.Module):
        def __init__(self, cin, cout, s):
            super().__init__()
            self.body = nn.Sequential(*cbr(cin, cout, 3, s), *cbr(cout, cout, 3, 1, act=None))
            self.down = (nn.Sequential(*cbr(cin, cout, 1, s, act=None))
                         if s != 1 or cin != cout else None)

        def forward(self, x):
            return torch.relu(self.body(x) + (self.down(x) if self.down else x))

    class Bottleneck(Basic):
        def __init__(self, cin, cout, s):
            nn.Module.__init__(self)
            self.body = nn.Sequential(*cbr(cin, cout // 4, 1, s, bias=True),
                                      *cbr(cout // 4, cout // 4, 3, 1),
                                      *cbr(cout // 4, cout, 1, 1, act=None, bias=True))
            self.down = (nn.Sequential(*cbr(cin, cout, 1, s, act=None))
                         if s != 1 or cin != cout else None)

    def resnet(block, layers, channels):
        mods = cbr(3, channels[0], 7, 2) + [nn.MaxPool2d(3, 2, 1)]
        cin = channels[0]
        for i, (n, c) in enumerate(zip(layers, channels[1:])):
            for j in range(n):
                mods.append(block(cin, c, 2 if (j == 0 and i > 0) else 1))
                cin = c
        mods += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, 1000)]
        return nn.Sequential(*mods)

    class Inverted(nn.Module):
        def __init__(self, cin, cout, t, s):
            super().__init__()
            mid = cin * t
            self.res = s == 1 and cin == cout
            self.body = nn.Sequential(*cbr(cin, mid, 1, 1, act=nn.ReLU6),
                                      *cbr(mid, mid, 3, s, groups=mid, act=nn.ReLU6),
                                      *cbr(mid, cout, 1, 1, act=None))

        def forward(self, x):
            return x + self.body(x) if self.res else self.body(x)

    def mobilenet_v2():
        cin_g = [32, 16] + [24] * 2 + [32] * 3 + [64] * 4 + [96] * 3 + [160] * 3
        c_g = [16] + [24] * 2 + [32] * 3 + [64] * 4 + [96] * 3 + [160] * 3 + [320]
        strides = [1, 2] * 2 + [1, 1, 2] + [1] * 6 + [2] + [1] * 3
        mods = cbr(3, 32, 3, 2, act=nn.ReLU6)
        mods += [Inverted(a, b, t, s) for a, b, t, s in
                 zip(cin_g, c_g, [1] + [6] * 16, strides)]
        mods += cbr(320, 1280, 1, 1, act=nn.ReLU6)
        mods += [nn.AdaptiveAvgPool2d(1), nn.Conv2d(1280, 1000, 1, bias=False), nn.Flatten()]
        return nn.Sequential(*mods)

    return {"resnet18_v1": lambda: resnet(Basic, [2, 2, 2, 2], [64, 64, 128, 256, 512]),
            "resnet50_v1": lambda: resnet(Bottleneck, [3, 4, 6, 3],
                                          [64, 256, 512, 1024, 2048]),
            "mobilenetv2_1.0": mobilenet_v2}


def torch_case(model, size, device="cpu"):
    import torch
    import torch.nn.functional as F
    if device == "gpu":
        dev, sync = torch.device("cuda"), torch.cuda.synchronize
    else:
        dev, sync = torch.device("cpu"), (lambda: None)
        torch.set_num_threads(1)
    try:
        import torchvision
        net = getattr(torchvision.models, MODELS[model])(weights=None, num_classes=1000)
        version = "torch %s, torchvision %s" % (torch.__version__, torchvision.__version__)
    except ImportError:
        net = torch_models(torch)[model]()
        version = "torch %s, the Gluon layouts in PyTorch (no torchvision)" % torch.__version__
    net = net.to(dev)
    x1 = torch.rand(1, 3, size, size, device=dev)
    x32 = torch.rand(32, 3, size, size, device=dev)
    y32 = torch.arange(32, device=dev) % 1000
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)

    def fwd(x):
        def call():
            net.eval()
            with torch.no_grad():
                net(x)
            sync()
        return call

    def train():
        net.train()
        loss = F.cross_entropy(net(x32), y32)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sync()

    return {"fwd1": fwd(x1), "fwd32": fwd(x32), "train32": train}, version


def worker(args):
    t0 = time.perf_counter()
    if args.impl == "torch":
        calls, version = torch_case(args.model, args.size, args.device)
    else:
        calls, version = gluon_case(args.impl, args.model, args.size, args.device)
    out = {"impl": args.impl, "model": args.model, "version": version,
           "import_and_build_s": time.perf_counter() - t0, "first_s": {}, "warmup_s": {},
           "times_s": {}}
    for key, _ in MEASURES:
        n = args.n1 if key == "fwd1" else args.n
        t = time.perf_counter()
        calls[key]()
        out["first_s"][key] = time.perf_counter() - t
        out["warmup_s"][key] = []
        for _ in range(args.warmup):  # mxjax runs a new graph once op by op, then compiles
            t = time.perf_counter()
            calls[key]()
            out["warmup_s"][key].append(time.perf_counter() - t)
        times = []
        for _ in range(n):
            t = time.perf_counter()
            calls[key]()
            times.append(time.perf_counter() - t)
        out["times_s"][key] = times
    print("ZOO_RESULT " + json.dumps(out), flush=True)


# ---------------------------------------------------------------------------
# the driver


def interpreter(impl, args):
    if impl == "mxjax":
        return sys.executable
    path = args.mxnet_python if impl == "mxnet" else args.torch_python
    if path is None:  # the driver only: bench/run.py's rule for PyTorch's interpreter
        sys.path.insert(0, HERE)
        from run import default_torch_python
        path = default_torch_python()
    return os.path.expanduser(path)


def run_one(impl, model, args, log_dir):
    python = interpreter(impl, args)
    if not os.path.exists(python):
        return {"skip": "no interpreter %s" % python}
    env = dict(os.environ)
    if args.device == "cpu":
        env.update(OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
                   MXNET_CPU_WORKER_NTHREADS="1")
    if impl == "mxjax" and args.device == "cpu":
        env["XLA_FLAGS"] = (env.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false").strip()
    if impl == "mxjax":
        env["MXJAX_CACHE_DIR"] = os.path.join(log_dir, "xla-cache-%s" % model)
    pin = ["taskset", "-c", str(args.cpu)] if args.device == "cpu" else []
    cmd = pin + [python, os.path.abspath(__file__), "--worker", impl, model, "--size",
                 str(args.size), "--n", str(args.n), "--n1", str(args.n1), "--warmup",
                 str(args.warmup), "--device", args.device]
    log = os.path.join(log_dir, "%s-%s.log" % (impl, model))
    t = time.perf_counter()
    with open(log, "w") as f:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=f, text=True, env=env,
                              timeout=args.timeout)
    wall = time.perf_counter() - t
    for line in proc.stdout.splitlines():
        if line.startswith("ZOO_RESULT "):
            res = json.loads(line[len("ZOO_RESULT "):])
            res["process_wall_s"] = wall
            return res
        if line.startswith('{"skip"'):
            return json.loads(line)
    return {"error": "exit %d, see %s" % (proc.returncode, log)}


def fmt_t(s):
    return "—" if s is None else ("%.1f ms" % (s * 1e3) if s < 1 else "%.2f s" % s)


def median(res, key):
    if "times_s" not in res:
        return None
    return statistics.median(res["times_s"][key])


def write_markdown(res, path):
    where = ("on the GPU (%s), processes not pinned" % res.get("gpu", "?")
             if res.get("device") == "gpu" else
             "pinned to CPU %d (`taskset`), one thread" % res["cpu"])
    L = ["# Model-zoo speed: mxjax vs MXNet 1.9.1 vs PyTorch (issue 14)\n",
         "Written by `python bench/zoo_bench.py%s` on %s. Each framework and model in its own "
         "process %s; %dx%d inputs, 1000 classes; "
         "median of %d calls (batch 1: %d) after %d warm-up calls; the first call is "
         "reported apart (it includes deferred initialisation and graph building, and "
         "mxjax's XLA compilation with an empty compile cache). See the module docstring "
         "for the exact steps.\n" % (" --device gpu" if res.get("device") == "gpu" else "",
                                     res["started"], where, res["size"], res["size"],
                                     res["n"], res["n1"], res["warmup"]),
         "- machine: %s, %s CPUs; shared: load average (1, 5, 15 min) %s before the run, "
         "%s after" % (res["machine"], res["ncpu"], res["load_before"], res["load_after"]),
         "- git: %s" % res["git"]]
    for impl in IMPLS:
        versions = sorted({r.get("version", "") for (i, _), r in res["runs"].items()
                           if i == impl and "version" in r})
        skips = sorted({r.get("skip") or r.get("error") for (i, _), r in res["runs"].items()
                        if i == impl and ("skip" in r or "error" in r)})
        L.append("- %s: %s%s" % (impl, ", ".join(versions) or "—",
                                 (" (not run: %s)" % "; ".join(skips)) if skips else ""))
    L.append("\nRatios are time ratios: below 1 means mxjax is faster.\n")
    L.append("| model | measure | mxjax | MXNet 1.9.1 | PyTorch | mxjax/MXNet | mxjax/PyTorch |")
    L.append("|---|---|---:|---:|---:|---:|---:|")
    for model in res["models"]:
        for key, label in MEASURES:
            t = {i: median(res["runs"].get((i, model), {}), key) for i in IMPLS}
            r = ["%.2f" % (t["mxjax"] / t[o]) if t["mxjax"] and t[o] else "—"
                 for o in ("mxnet", "torch")]
            L.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                model, label, fmt_t(t["mxjax"]), fmt_t(t["mxnet"]), fmt_t(t["torch"]), *r))
    L.append("\nFirst and second calls (seconds, `first+second`; forward batch 1 / forward "
             "batch 32 / training step), and the process's import + network construction "
             "in parentheses. mxjax runs a graph it has not seen op by op, then compiles it "
             "with XLA on its second run, so its start-up cost is the sum:\n")
    L.append("| model | mxjax | MXNet 1.9.1 | PyTorch |")
    L.append("|---|---|---|---|")
    for model in res["models"]:
        cells = []
        for i in IMPLS:
            r = res["runs"].get((i, model), {})
            if "first_s" not in r:
                cells.append("—")
                continue
            f = r["first_s"]
            w = {k: (v[0] if v else 0.0) for k, v in r["warmup_s"].items()}
            cells.append(" / ".join("%.1f+%.1f" % (f[k], w[k]) for k, _ in MEASURES) +
                         " (%.1f)" % r["import_and_build_s"])
        L.append("| %s | %s |" % (model, " | ".join(cells)))
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


def git_head():
    try:
        return subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%h %s"],
                              capture_output=True, text=True).stdout.strip()[:100]
    except OSError:
        return "?"


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def gpu_name():
    try:
        return subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
                              capture_output=True, text=True).stdout.strip() or "?"
    except OSError:
        return "?"


def driver(args):
    models = args.models.split(",")
    impls = args.impls.split(",")
    log_dir = tempfile.mkdtemp(prefix="mxjax-zoo-bench-")
    res = {"started": datetime.datetime.now(datetime.timezone.utc).strftime(
               "%Y-%m-%d %H:%M UTC"),
           "cpu": args.cpu, "device": args.device, "gpu": gpu_name() if args.device == "gpu"
           else None, "size": args.size, "n": args.n, "n1": args.n1,
           "warmup": args.warmup, "models": models, "machine": cpu_name(),
           "ncpu": os.cpu_count(), "git": git_head(), "log_dir": log_dir,
           "load_before": "%.2f %.2f %.2f" % os.getloadavg(), "runs": {}}
    for model in models:
        for impl in impls:
            print("%s %s ..." % (impl, model), flush=True)
            try:
                r = run_one(impl, model, args, log_dir)
            except subprocess.TimeoutExpired:
                r = {"error": "timed out after %d s" % args.timeout}
            res["runs"][(impl, model)] = r
            print("  " + json.dumps({k: v for k, v in r.items() if k != "times_s"}),
                  flush=True)
            write_reports(res, args.out)  # after every process: a cut-short run keeps its part
    print("wrote %s" % os.path.join(args.out, "ZOO_RESULTS.md"))


def write_reports(res, out):
    res["load_after"] = "%.2f %.2f %.2f" % os.getloadavg()
    os.makedirs(out, exist_ok=True)
    write_markdown(res, os.path.join(out, "ZOO_RESULTS.md"))
    with open(os.path.join(out, "zoo_results.json"), "w") as f:
        json.dump(dict(res, runs=[dict(v, impl=k[0], model=k[1])
                                  for k, v in res["runs"].items()]), f, indent=1)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--worker", nargs=2, metavar=("IMPL", "MODEL"), help=argparse.SUPPRESS)
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--impls", default=",".join(IMPLS))
    ap.add_argument("--size", type=int, default=224, help="input height and width")
    ap.add_argument("--n", type=int, default=5, help="timed calls at batch 32")
    ap.add_argument("--n1", type=int, default=20, help="timed calls at batch 1")
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--cpu", type=int, default=0, help="the CPU every process is pinned to")
    ap.add_argument("--device", choices=("cpu", "gpu"), default="cpu")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds per process")
    ap.add_argument("--mxnet-python", default=os.environ.get("MXNET_PYTHON",
                                                             "~/.mxref/bin/python"))
    ap.add_argument("--torch-python",
                    help="interpreter with torch (default $TORCH_PYTHON, ~/.torchref/bin/python "
                    "when present, else this one)")
    ap.add_argument("--out", default=HERE)
    args = ap.parse_args(argv)
    if args.worker:
        args.impl, args.model = args.worker
        worker(args)
    else:
        driver(args)


if __name__ == "__main__":
    main()
