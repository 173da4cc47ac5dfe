"""mxjax benchmark suite: mxjax against real MXNet 1.9.1, PyTorch eager and JAX.

Usage::

    python bench/run.py                 # full suite (~10 minutes on 2 cores)
    python bench/run.py --quick         # ~1-2 minutes, fewer rounds and steps
    python bench/run.py --device gpu    # mx.gpu() / torch cuda / jax gpu
    python bench/run.py --workloads W2,W5 --impls mxjax,torch
    python bench/run.py --threads 1 --workloads W7,W7i,W8,W9,W10,W11   # user scale
    python bench/run.py --threads 1 --workloads W1,W1np,W2,W2np --impls mxjax,mxnet  # mx.np
    python bench/run.py --quick --threads 1 --workloads W7,W8 --out /tmp/bench_quick

User-scale workloads (issue 12; models in ``bench/models.py``):

* W7  CIFAR ResNet-20 training step (batch 32, BatchNorm, SGD momentum 0.9, softmax CE)
      as hybridized Gluon on mxjax and MXNet, against a hand-written ``jax.jit`` of
      ``value_and_grad`` with the update fused, and PyTorch eager; W7i the same Gluon
      network not hybridized (imperative).
* W8  2-layer LSTM language-model step (``gluon.rnn.LSTM`` hidden 200, seq 35, batch 20,
      vocab 1000, embedding 200, Dense decoder, SGD), hybridized Gluon.
* W9  process start to the first finished W7 step, fresh processes: mxjax with an empty
      persistent compile cache, then warm; MXNet; jax.jit (``bench/process_bench.py``).
* W10 batch-1 inference latency of the hybridized ResNet-20.
* W11 whole-program wall time of the user-style scripts in ``bench/scripts/``, each a
      fresh process on MXNet and through ``python -m mxjax``.

Threads: ``--threads 1`` gives every peer one thread (``OMP_NUM_THREADS``,
``MKL_NUM_THREADS``, ``OPENBLAS_NUM_THREADS`` =1 for MXNet's oneDNN/OpenMP,
``torch.set_num_threads(1)`` through ``BENCH_THREADS``, and ``XLA_FLAGS=
--xla_cpu_multi_thread_eigen=false`` for mxjax and
JAX) and, since XLA's CPU runtime still runs a thread pool (measured: a jax.jit
ResNet-20 step used 2 cores with those flags), pins every worker, W9 process and W11
script to the same CPU (``BENCH_CPUS``, ``sched_setaffinity``); the W7-W11 figures of
issue 12 are meant at one thread. The mxjax workers use a
fresh persistent compile cache (``MXJAX_CACHE_DIR`` in the run's log folder), so
their cold first/second steps are those of a first run.

Every implementation runs in its own subprocess (``bench/worker.py``): mxjax,
hand-written JAX (``jax.jit`` of ``jax.value_and_grad``), raw ``jax.numpy``
eager (W1 only), PyTorch eager (interpreter from ``--torch-python``, default
``~/.torchref/bin/python`` when present, else this one when ``import torch`` works) and real MXNet
1.9.1 (interpreter from ``--mxnet-python``, ``$MXNET_PYTHON`` or
``~/.mxref/bin/python``). Peers that are not installed are skipped and said so.
The workloads are in ``bench/workloads.py``; they compute the same thing in each
implementation. Where the idiom differs:

* PyTorch clears ``.grad`` (``= None``) before each backward: MXNet's default
  ``grad_req='write'`` overwrites, PyTorch accumulates.
* W4 updates parameters with ``p[:] = p - lr * p.grad`` on mxjax and MXNet
  (``nd.sgd_update`` on both when mxjax has it), ``p.add_(p.grad, alpha=-lr)``
  under ``no_grad`` on PyTorch (what ``torch.optim.SGD`` does), and a jitted
  ``value_and_grad`` + update on JAX. The loss is
  ``-sum(onehot * log_softmax(z)) / batch`` everywhere; W4h uses Gluon's
  ``SoftmaxCrossEntropyLoss`` and ``Trainer('sgd')``, the same math.
* W5 on JAX takes the loop count from a ``lax.while_loop`` on the value and
  scales ``a*2`` by ``2**k`` (exactly the doubled values), since JAX cannot
  reverse-differentiate a while loop; all others use the Python loop.
* W6 on JAX uses ``lax.fori_loop`` (an unrolled 10,000-op chain is not what a
  JAX user writes, and takes minutes to compile).

Each iteration includes its synchronisation: ``wait_to_read()`` of the result
(mxjax, MXNet), ``block_until_ready()`` (JAX), nothing for PyTorch on CPU
(``torch.cuda.synchronize()`` on GPU). Implementations alternate within rounds
(the order rotates each round) so that machine drift affects them alike; each
gets the same time budget per round and the medians of all its iterations are
compared. No timing is asserted anywhere: the targets are reported, not tested.

Outputs: ``bench/RESULTS.md``, ``bench/results.json``, ``bench/results.png`` and,
for the targets not met, ``bench/PROFILES.md`` (cProfile / pyinstrument of the
mxjax side).
"""
import argparse
import datetime
import json
import math
import os
import platform
import selectors
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import process_bench  # noqa: E402
import workloads  # noqa: E402

LABELS = {"mxjax": "mxjax", "mxjax-nc": "mxjax op-by-op", "jax": "jax.jit", "jnp": "jax.numpy eager",
          "torch": "PyTorch", "mxnet": "MXNet 1.9.1"}
NEVER_COMPILE = str(10 ** 9)


class WorkerTimeout(Exception):
    pass


class Worker:
    """A benchmark worker subprocess speaking JSON lines."""

    def __init__(self, name, impl, python, device, env=None, log_dir=None):
        self.name, self.impl, self.python, self.device = name, impl, python, device
        self.env = dict(os.environ, **(env or {}))
        self.env.setdefault("PYTHONUNBUFFERED", "1")
        self.log_path = os.path.join(log_dir or tempfile.gettempdir(), "bench-%s.log" % name)
        self.proc = None
        self.info = None
        self.ready = set()
        self.restarts = 0

    def start(self, timeout=300):
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen([self.python, os.path.join(HERE, "worker.py"), self.impl,
                                      self.device], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=log, text=True,
                                     env=self.env, cwd=ROOT, start_new_session=True)
        self.ready = set()
        self.info = self.call({"cmd": "info"}, timeout=timeout)
        return self.info

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def call(self, cmd, timeout=None):
        if not self.alive():
            raise RuntimeError("worker %s is not running (log: %s)" % (self.name, self.log_path))
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        ready = sel.select(timeout)
        sel.close()
        if not ready:
            self.kill()
            raise WorkerTimeout("%s: %s took more than %.0f s" % (self.name, cmd.get("cmd"),
                                                                  timeout))
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait()
            raise RuntimeError("worker %s died (exit %s); log: %s\n%s"
                               % (self.name, self.proc.returncode, self.log_path,
                                  tail(self.log_path)))
        return json.loads(line)

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                self.proc.kill()
            self.proc.wait()

    def restart(self):
        self.kill()
        self.restarts += 1
        return self.start()

    def close(self):
        if self.alive():
            try:
                self.call({"cmd": "quit"}, timeout=10)
            except Exception:  # noqa: BLE001
                pass
            self.kill()


def tail(path, n=15):
    try:
        with open(path) as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return ""


# ---------------------------------------------------------------------------
# configuration


def config(quick):
    if quick:
        return {"rounds": 3, "budget_s": 0.15, "memory_steps": 2000, "memory_every": 250,
                "w6_sizes": (10, 100, 1000), "w6_setup_timeout": 20, "w6_nc_max": 100,
                "warmup": {"W1": 30, "W1np": 30, "W2": 10, "W2np": 10, "W3": 10, "W4": 5,
                           "W4h": 5, "W5": 100, "W6": 3,
                           "W7": 3, "W7i": 3, "W8": 15, "W10": 5},
                "profile_steps": {"W1": 500, "W1np": 500, "W2": 200, "W2np": 200,
                                  "W3": 200, "W4": 20, "W4h": 20,
                                  "W5": 100, "W6": 2, "W7": 3, "W7i": 3, "W8": 5, "W10": 20},
                "w11_warm_run": False}
    return {"rounds": 7, "budget_s": 0.6, "memory_steps": 10000, "memory_every": 1000,
            "w6_sizes": (10, 100, 1000, 10000), "w6_setup_timeout": 75, "w6_nc_max": 1000,
            "w6_rounds": 4,
            "warmup": {"W1": 100, "W1np": 100, "W2": 30, "W2np": 30, "W3": 30, "W4": 10,
                       "W4h": 10, "W5": 300, "W6": 3,
                       "W7": 5, "W7i": 5, "W8": 20, "W10": 20},
            "profile_steps": {"W1": 3000, "W1np": 3000, "W2": 1000, "W2np": 1000,
                              "W3": 1000, "W4": 100, "W4h": 100,
                              "W5": 500, "W6": 3, "W7": 10, "W7i": 10, "W8": 20, "W10": 200},
            "w11_warm_run": True}


# implementations per workload (mxjax-nc: mxjax with compilation switched off, W6 only)
PEERS = {"W1": ["mxjax", "jnp", "jax", "torch", "mxnet"],
         "W2": ["mxjax", "jax", "torch", "mxnet"],
         "W1np": ["mxjax", "mxnet"],
         "W2np": ["mxjax", "mxnet"],
         "W3": ["mxjax", "jax", "torch", "mxnet"],
         "W4": ["mxjax", "jax", "torch", "mxnet"],
         "W4h": ["mxjax", "jax", "mxnet"],
         "W5": ["mxjax", "jax", "torch", "mxnet"],
         "W6": ["mxjax", "mxjax-nc", "jax", "torch", "mxnet"],
         "W7": ["mxjax", "jax", "torch", "mxnet"],
         "W7i": ["mxjax", "jax", "torch", "mxnet"],
         "W8": ["mxjax", "jax", "torch", "mxnet"],
         "W10": ["mxjax", "jax", "torch", "mxnet"]}
# whole-process workloads (bench/process_bench.py), run after the worker workloads
PROCESS_WORKLOADS = ("W9", "W11")
ALL_WORKLOADS = ["W1", "W1np", "W2", "W2np", "W3", "W4", "W4h", "W5", "W6", "W7", "W7i",
                 "W8", "W9", "W10", "W11"]
USER_SCALE = ("W7", "W7i", "W8", "W10")
MICRO = ("W1", "W1np", "W2", "W2np", "W3", "W4", "W4h", "W5")

# (workload, numerator, denominator, target ratio, text)
TARGETS = [("W1", "mxjax", "jnp", 1.2, "W1 <= 1.2x raw jax.numpy eager"),
           ("W2", "mxjax", "mxnet", 0.2, "W2 <= 0.2x MXNet"),
           ("W2", "mxjax", "torch", 0.7, "W2 <= 0.7x PyTorch"),
           ("W3", "mxjax", "torch", 0.8, "W3 <= 0.8x PyTorch"),
           ("W4", "mxjax", "jax", 1.25, "W4 imperative <= 1.25x jax.jit"),
           ("W4", "mxjax", "mxnet", 0.45, "W4 imperative <= 0.45x MXNet"),
           ("W4h", "mxjax", "jax", 1.1, "W4 hybridized <= 1.1x jax.jit"),
           ("W4h", "mxjax", "mxnet", 0.45, "W4 hybridized <= 0.45x MXNet (hybridized Gluon)"),
           ("W5", "mxjax", "torch", 2.0, "W5 <= 2x PyTorch"),
           ("W7", "mxjax", "jax", 1.0, "W7 ResNet-20 hybridized <= 1.0x jax.jit"),
           ("W7i", "mxjax", "jax", 1.5, "W7 ResNet-20 imperative <= 1.5x jax.jit"),
           ("W8", "mxjax", "mxnet", 0.7, "W8 LSTM LM <= 0.7x MXNet"),
           ("W8", "mxjax", "torch", 1.0, "W8 LSTM LM <= 1.0x PyTorch"),
           ("W10", "mxjax", "mxnet", 1.0, "W10 batch-1 inference <= MXNet")]
# mxjax against itself: a workload written with mx.np over its mx.nd form (issue 15)
# (np workload, nd workload, target ratio, text)
SELF_TARGETS = [("W1np", "W1", 1.1, "W1 written with mx.np <= 1.1x its mx.nd form"),
                ("W2np", "W2", 1.1, "W2 written with mx.np <= 1.1x its mx.nd form")]
# only where the run is on a GPU (on CPU the ratio to MXNet follows XLA's kernels)
GPU_TARGETS = [("W7", "mxjax", "mxnet", 1.0, "W7 ResNet-20 hybridized <= MXNet (GPU)")]

MEMORY_GROWTH_LIMIT = 5 * 2 ** 20    # bytes over the whole run: "no growth"
LINEAR_LIMIT = 1.5                   # per-node time at 10,000 vs 1,000 nodes
W5_COMPILE_FRACTION = 0.01           # compiles per step once warm: "bounded"


def default_torch_python():
    p = os.environ.get("TORCH_PYTHON")
    if p:
        return p
    p = os.path.expanduser("~/.torchref/bin/python")
    return p if os.path.exists(p) else sys.executable


def default_mxnet_python():
    p = os.environ.get("MXNET_PYTHON")
    if p:
        return p
    p = os.path.expanduser("~/.mxref/bin/python")
    return p if os.path.exists(p) else None


def summarize(times):
    s = sorted(times)
    return {"median": statistics.median(s), "min": s[0], "max": s[-1], "n": len(s)}


def log(msg):
    print(msg, flush=True)


# ---------------------------------------------------------------------------
# the run


def run(args):
    cfg = config(args.quick)
    if args.rounds:
        cfg["rounds"] = args.rounds
    selected = args.workloads.split(",") if args.workloads else list(ALL_WORKLOADS)
    unknown = [w for w in selected if w not in ALL_WORKLOADS]
    if unknown:
        raise SystemExit("unknown workload(s) %s; known: %s" % (",".join(unknown),
                                                                ",".join(ALL_WORKLOADS)))
    impls_wanted = args.impls.split(",") if args.impls else None
    res = {"started": datetime.datetime.now().isoformat(timespec="seconds"),
           "argv": sys.argv[1:], "device": args.device, "quick": args.quick,
           "config": {k: v for k, v in cfg.items()}, "machine": machine_info(),
           "git": git_info(), "workers": {}, "workloads": {}, "skips": {}, "memory": {},
           "engine_stats": {}, "w6_cold": {}, "notes": []}
    log_dir = tempfile.mkdtemp(prefix="mxjax-bench-")
    res["log_dir"] = log_dir

    # -- start the workers
    needed = set()
    for w in selected:
        needed.update(PEERS.get(w, ()))
    if impls_wanted:
        needed = {i for i in needed if i in impls_wanted or
                  (i == "mxjax-nc" and "mxjax" in impls_wanted)}
    mxpy = args.mxnet_python or default_mxnet_python()
    torchpy = args.torch_python or default_torch_python()
    res["threads"] = args.threads
    thread_env = {}
    if args.threads:
        n = str(args.threads)
        thread_env = {"OMP_NUM_THREADS": n, "MKL_NUM_THREADS": n, "OPENBLAS_NUM_THREADS": n,
                      "BENCH_THREADS": n}
        if hasattr(os, "sched_getaffinity"):
            # XLA's CPU runtime keeps a thread pool whatever the flags say: pin every
            # peer to the same N CPUs so that "N threads" means N cores for all
            cpus = sorted(os.sched_getaffinity(0))[-args.threads:]
            thread_env["BENCH_CPUS"] = ",".join(str(c) for c in cpus)
            res["cpus"] = cpus
        if args.threads == 1:
            thread_env["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") +
                                       " --xla_cpu_multi_thread_eigen=false").strip()
    workers = {}
    for name in ["mxjax", "mxjax-nc", "jax", "jnp", "torch", "mxnet"]:
        if name not in needed:
            continue
        python = sys.executable
        env = {}
        impl = name
        if name == "mxnet":
            if not mxpy or not os.path.exists(mxpy):
                res["workers"][name] = {"ok": False, "skip": "no MXNet interpreter (give "
                                        "--mxnet-python or MXNET_PYTHON)"}
                continue
            python = mxpy
        if name == "torch":
            python = torchpy
        if name.startswith("mxjax"):
            env = {"MXJAX_CACHE_DIR": os.path.join(log_dir, "xla-cache-" + name)}
        if name == "mxjax-nc":
            impl, env = "mxjax", dict(env, MXJAX_COMPILE_AFTER=NEVER_COMPILE)
        wk = Worker(name, impl, python, args.device, dict(thread_env, **env), log_dir)
        try:
            info = wk.start()
        except Exception as err:  # noqa: BLE001
            info = {"ok": False, "skip": "worker failed to start: %s" % err}
        res["workers"][name] = info
        if info.get("ok"):
            workers[name] = wk
            log("worker %-9s %s on %s" % (name, info["versions"], info["device"]))
        else:
            log("worker %-9s skipped: %s" % (name, info.get("skip")))
            wk.kill()

    # W4 update method: sgd_update only if both mxjax and MXNet have it
    caps = {n: res["workers"][n].get("caps", {}) for n in workers}
    update = "sgd_update" if all(caps.get(n, {}).get("sgd_update", False)
                                 for n in ("mxjax", "mxnet") if n in workers) else "assign"
    res["w4_update"] = update

    try:
        for w in selected:
            if w == "W6" or w in PROCESS_WORKLOADS:
                continue
            bench_workload(res, workers, w, PEERS[w], cfg, update)
            if w in ("W2", "W5"):
                memory_run(res, workers, w, cfg)
        for key, base, _, _ in SELF_TARGETS:
            if key in selected and base in selected:
                paired_rounds(res, workers, key, base, cfg)
        if "W6" in selected:
            bench_w6(res, workers, cfg)
        pythons = {"mxjax": sys.executable, "jax": sys.executable,
                   "mxnet": mxpy if mxpy and os.path.exists(mxpy) else None}
        for w, fn, kw in (("W9", process_bench.run_w9, {}),
                          ("W11", process_bench.run_w11, {"warm_run": cfg["w11_warm_run"]})):
            if w in selected:
                try:
                    fn(res, pythons, thread_env, log_dir, **kw)
                except Exception as err:  # noqa: BLE001 - keep the other results
                    res["notes"].append("%s failed: %s: %s" % (w, type(err).__name__, err))
                    log("%s failed: %s: %s" % (w, type(err).__name__, err))
        evaluate(res)
        if not args.no_profile:
            profiles(res, workers, cfg)
    finally:
        for wk in workers.values():
            wk.close()
    res["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
    res["machine"]["loadavg_end"] = loadavg()
    return res


def bench_workload(res, workers, key, peers, cfg, update, setup_timeout=None, warmup=None):
    """Set up ``key`` in every worker, then time it in rotating rounds."""
    base = key.split("-")[0]
    names = [n for n in peers if n in workers]
    active = []
    entry = res["workloads"].setdefault(key, {})
    for n in names:
        wk = workers[n]
        if n.startswith("mxjax"):
            wk.call({"cmd": "reset_stats"})
        t0 = time.perf_counter()
        try:
            r = wk.call({"cmd": "setup", "key": key, "update": update,
                         "warmup": warmup if warmup is not None else cfg["warmup"][base]},
                        timeout=setup_timeout)
        except WorkerTimeout as err:
            res["skips"].setdefault(key, {})[n] = ("setup and warm-up (compilation) did not "
                                                   "finish in %.0f s" % setup_timeout)
            log("  %-5s %-9s TIMEOUT %s" % (key, n, err))
            workers[n].restart()
            continue
        if not r.get("ok"):
            res["skips"].setdefault(key, {})[n] = r.get("skip") or r.get("error")
            log("  %-5s %-9s skipped: %s" % (key, n, res["skips"][key][n]))
            continue
        entry[n] = {"setup_s": r["setup_s"], "warm_times": r["warm_times"],
                    "warm_total_s": time.perf_counter() - t0, "times": [], "round_medians": []}
        if n.startswith("mxjax"):
            entry[n]["stats_after_warmup"] = wk.call({"cmd": "stats"})["stats"]
        active.append(n)
    rounds = cfg["rounds"] if base != "W6" else min(cfg["rounds"], cfg.get("w6_rounds", 99))
    for r in range(rounds):
        order = active[r % len(active):] + active[:r % len(active)] if active else []
        for n in order:
            out = workers[n].call({"cmd": "time", "key": key, "budget_s": cfg["budget_s"],
                                   "min_n": 2 if base == "W6" else 3})
            if not out.get("ok"):
                raise RuntimeError("%s %s: %s" % (n, key, out))
            entry[n]["times"].extend(out["times"])
            entry[n]["round_medians"].append(statistics.median(out["times"]))
    for n in active:
        e = entry[n]
        e.update(summarize(e["times"]))
        if n.startswith("mxjax"):
            e["stats"] = workers[n].call({"cmd": "stats"})["stats"]
        log("  %-7s %-9s median %10.1f us  (min %.1f, max %.1f, n=%d)"
            % (key, n, e["median"] * 1e6, e["min"] * 1e6, e["max"] * 1e6, e["n"]))
        del e["times"]  # keep the summary, not every sample


def paired_rounds(res, workers, key, base, cfg):
    """mxjax's ``key`` and ``base`` (its mx.nd form) timed in alternating rounds in the same
    worker, so that both see the same machine load (their own rounds ran one after the
    other); the self targets are judged on these."""
    e = res["workloads"].get(key, {}).get("mxjax")
    b = res["workloads"].get(base, {}).get("mxjax")
    if e is None or b is None or "mxjax" not in workers:
        return
    times = {key: [], base: []}
    for r in range(8 * cfg["rounds"]):  # short rounds: load drifts within a long one
        for k in ((key, base) if r % 2 else (base, key)):
            out = workers["mxjax"].call({"cmd": "time", "key": k, "budget_s": cfg["budget_s"] / 8,
                                         "min_n": 3})
            if not out.get("ok"):
                raise RuntimeError("mxjax %s: %s" % (k, out))
            times[k].extend(out["times"])
    res.setdefault("paired", {})[key] = {k: summarize(v) for k, v in times.items()}
    log("  paired  %s / %s (alternating rounds): median %.3fx, min %.3fx"
        % (key, base, statistics.median(times[key]) / statistics.median(times[base]),
           min(times[key]) / min(times[base])))


def memory_run(res, workers, key, cfg):
    """RSS before and after many steps of ``key`` (mxjax and PyTorch)."""
    for n in ("mxjax", "torch"):
        if n not in workers or n not in res["workloads"].get(key, {}):
            continue
        if n == "mxjax":
            before = workers[n].call({"cmd": "stats"})["stats"]
        out = workers[n].call({"cmd": "memory", "key": key, "steps": cfg["memory_steps"],
                               "every": cfg["memory_every"]})
        if not out.get("ok"):
            res["memory"].setdefault(key, {})[n] = {"error": out.get("error")}
            continue
        samples = out["samples"]
        m = {"samples": samples, "steps": cfg["memory_steps"], "elapsed_s": out["elapsed_s"],
             "before": samples[0][1], "after": samples[-1][1], "after_gc": out["after_gc"],
             "growth": samples[-1][1] - samples[0][1],
             "growth_after_first_sample": samples[-1][1] - samples[1][1]}
        if samples[0][2] is not None:
            # growth over the sampling intervals in which nothing was compiled: a leak
            # shows there; a new compiled program (a new graph shape) is bounded by the cache
            m["growth_without_compiles"] = sum(
                b[1] - a[1] for a, b in zip(samples, samples[1:]) if b[2] == a[2])
            m["intervals_with_compiles"] = sum(1 for a, b in zip(samples, samples[1:])
                                               if b[2] != a[2])
        if n == "mxjax":
            after = workers[n].call({"cmd": "stats"})["stats"]
            m["compiles_during"] = after["compiles"] - before["compiles"]
            m["uncompiled_runs_during"] = after["uncompiled_runs"] - before["uncompiled_runs"]
            m["stats_after"] = after
        res["memory"].setdefault(key, {})[n] = m
        log("  memory %-3s %-6s %d steps: RSS %.1f -> %.1f MiB (%+.2f MiB)"
            % (key, n, m["steps"], m["before"] / 2 ** 20, m["after"] / 2 ** 20,
               m["growth"] / 2 ** 20))


def bench_w6(res, workers, cfg):
    """The chain workload at increasing sizes; an implementation whose set-up
    (first, compiling steps) times out is not tried at larger sizes."""
    given_up = {}
    for nodes in cfg["w6_sizes"]:
        key = "W6-%d" % nodes
        peers = []
        for n in PEERS["W6"]:
            if n in given_up:
                res["skips"].setdefault(key, {})[n] = "not tried: %s" % given_up[n]
            elif n == "mxjax-nc" and nodes > cfg["w6_nc_max"]:
                res["skips"].setdefault(key, {})[n] = ("not run above %d nodes (about 1.5 ms "
                                                       "a node: too slow for the suite)"
                                                       % cfg["w6_nc_max"])
            else:
                peers.append(n)
        bench_workload(res, workers, key, peers, cfg, "assign",
                       setup_timeout=cfg["w6_setup_timeout"], warmup=cfg["warmup"]["W6"])
        for n in peers:
            if n in res["skips"].get(key, {}):
                given_up[n] = "%d nodes timed out" % nodes


# ---------------------------------------------------------------------------
# evaluation


def median_of(res, key, impl):
    e = res["workloads"].get(key, {}).get(impl)
    return e["median"] if e and "median" in e else None


def evaluate(res):
    verdicts = []
    ran = set(res["workloads"]) | set(res["skips"])
    for key, num, den, target, text in TARGETS + (GPU_TARGETS if res.get("device") == "gpu"
                                                  else []):
        if key not in ran:
            continue
        a, b = median_of(res, key, num), median_of(res, key, den)
        if a is None or b is None:
            missing = num if a is None else den
            why = res["skips"].get(key, {}).get(missing) or res["workers"].get(
                missing, {}).get("skip") or "not run"
            verdicts.append({"target": text, "workload": key, "ratio": None,
                             "limit": target, "met": None, "why": "%s: %s" % (
                                 LABELS.get(missing, missing), why)})
            continue
        r = a / b
        e_a, e_b = res["workloads"][key][num], res["workloads"][key][den]
        r_min = e_a["min"] / e_b["min"]
        verdicts.append({"target": text, "workload": key, "ratio": r, "limit": target,
                         "met": r <= target, "num": num, "den": den, "ratio_min": r_min,
                         "met_min": r_min <= target})
    for key, base, target, text in SELF_TARGETS:
        if key not in ran or base not in ran:
            continue
        pair = res.get("paired", {}).get(key)
        if pair:  # alternating rounds in one worker: the same load for both
            a, b = pair[key]["median"], pair[base]["median"]
            r_min = pair[key]["min"] / pair[base]["min"]
        else:
            a, b = median_of(res, key, "mxjax"), median_of(res, base, "mxjax")
        if a is None or b is None:
            verdicts.append({"target": text, "workload": key, "ratio": None, "limit": target,
                             "met": None, "why": "mxjax: %s not run" % (
                                 key if a is None else base)})
            continue
        if not pair:
            r_min = res["workloads"][key]["mxjax"]["min"] / \
                res["workloads"][base]["mxjax"]["min"]
        verdicts.append({"target": text, "workload": key, "ratio": a / b, "limit": target,
                         "met": a / b <= target, "ratio_min": r_min,
                         "met_min": r_min <= target,
                         "detail": "alternating rounds of both in one worker" if pair
                         else "separate rounds"})
    # W5: bounded compiles
    m = res["memory"].get("W5", {}).get("mxjax")
    w5 = res["workloads"].get("W5", {}).get("mxjax")
    if w5 is not None:
        st = w5.get("stats", {})
        steps = len(w5.get("warm_times", [])) + w5["n"] + (m["steps"] if m else 0)
        structures = sorted({workloads.w5_structure(r) for r in workloads.w5_rows()[:steps]})
        res["w5_structures"] = {"steps": steps, "distinct": len(structures)}
        if m and "compiles_during" in m:
            frac = m["compiles_during"] / m["steps"]
            verdicts.append({"target": "W5 bounded compiles (compiles per step over %d warm "
                                       "steps <= %g)" % (m["steps"], W5_COMPILE_FRACTION),
                             "workload": "W5", "ratio": frac, "limit": W5_COMPILE_FRACTION,
                             "met": frac <= W5_COMPILE_FRACTION, "unit": "compiles/step",
                             "detail": "%d compiles in all over %d steps whose inputs take "
                                       "%d distinct (loop length, branch) paths"
                                       % (m["stats_after"]["compiles"], steps,
                                          len(structures))})
    # W6: linear scaling: per-node time at the two largest sizes that ran, which
    # must include the largest configured size for the default engine
    sizes = list(res["config"]["w6_sizes"])
    for impl in ("mxjax", "mxjax-nc") if any(k.startswith("W6-") for k in ran) else ():
        if impl not in res["workers"] or not res["workers"][impl].get("ok"):
            continue
        ran = [s for s in sizes if median_of(res, "W6-%d" % s, impl) is not None]
        if impl == "mxjax" and (not ran or ran[-1] != sizes[-1]):
            missing = [s for s in sizes if s not in ran]
            why = "; ".join("%d nodes: %s" % (s, res["skips"].get("W6-%d" % s, {}).get(
                impl, "not run")) for s in missing)
            verdicts.append({"target": "W6 linear: mxjax record+backward time per node "
                                       "constant up to %d nodes" % sizes[-1],
                             "workload": "W6", "ratio": None, "limit": LINEAR_LIMIT,
                             "met": False, "why": why})
            continue
        if len(ran) < 2:
            continue
        big, small = ran[-1], ran[-2]
        r = (median_of(res, "W6-%d" % big, impl) / big) / (
            median_of(res, "W6-%d" % small, impl) / small)
        verdicts.append({"target": "W6 linear: %s per-node time at %d vs %d nodes <= %gx"
                                   % (LABELS[impl], big, small, LINEAR_LIMIT),
                         "workload": "W6", "ratio": r, "limit": LINEAR_LIMIT,
                         "met": r <= LINEAR_LIMIT})
    # W6: memory
    for key in ("W2", "W5"):
        for impl in ("mxjax", "torch"):
            m = res["memory"].get(key, {}).get(impl)
            if not m or "growth" not in m:
                continue
            g = m["growth"]
            v = {"target": "no memory growth: %s %s over %d steps (RSS growth <= %d MiB)"
                           % (LABELS[impl], key, m["steps"], MEMORY_GROWTH_LIMIT // 2 ** 20),
                 "workload": "W6", "ratio": g / 2 ** 20, "unit": "MiB",
                 "limit": MEMORY_GROWTH_LIMIT / 2 ** 20, "met": g <= MEMORY_GROWTH_LIMIT}
            verdicts.append(v)
            if "growth_without_compiles" in m and m["intervals_with_compiles"]:
                v["detail"] = ("%d compiles (new graph shapes) during the run"
                               % m.get("compiles_during", 0))
                gw = m["growth_without_compiles"]
                verdicts.append({
                    "target": "no leak: %s %s RSS growth over the sampling intervals without "
                              "a compile <= %d MiB" % (LABELS[impl], key,
                                                       MEMORY_GROWTH_LIMIT // 2 ** 20),
                    "workload": "W6", "ratio": gw / 2 ** 20, "unit": "MiB",
                    "limit": MEMORY_GROWTH_LIMIT / 2 ** 20, "met": gw <= MEMORY_GROWTH_LIMIT,
                    "detail": "%d of %d intervals had no compile" % (
                        len(m["samples"]) - 1 - m["intervals_with_compiles"],
                        len(m["samples"]) - 1)})
    verdicts += process_bench.w9_verdicts(res)
    verdicts += process_bench.w11_verdicts(res, median_of)
    res["verdicts"] = verdicts


def profiles(res, workers, cfg):
    """cProfile/pyinstrument of the mxjax side of every workload with an unmet target."""
    keys = []
    for v in res.get("verdicts", []):
        if v["met"] is False:
            k = v["workload"]
            if k == "W6":
                continue
            if k not in keys:
                keys.append(k)
    res["profiles"] = {}
    wk = workers.get("mxjax")
    if wk is None or not wk.alive():
        return
    for k in keys:
        if k not in res["workloads"] or "mxjax" not in res["workloads"][k]:
            continue
        n = cfg["profile_steps"][k.split("-")[0]]
        log("  profiling mxjax %s (%d steps)" % (k, n))
        out = wk.call({"cmd": "profile", "key": k, "n": n, "update": res.get("w4_update")},
                      timeout=600)
        if out.get("ok"):
            out["steps"] = n
            res["profiles"][k] = out
    # W6: the op-by-op path at the largest size that ran, if linearity failed
    nc = workers.get("mxjax-nc")
    w6_unmet = any(v["workload"] == "W6" and v["met"] is False and "linear" in v["target"]
                   for v in res.get("verdicts", []))
    if w6_unmet and nc is not None and nc.alive():
        for s in reversed(res["config"]["w6_sizes"]):
            k = "W6-%d" % s
            if "mxjax-nc" in res["workloads"].get(k, {}):
                log("  profiling mxjax op-by-op %s" % k)
                out = nc.call({"cmd": "profile", "key": k, "n": cfg["profile_steps"]["W6"]},
                              timeout=600)
                if out.get("ok"):
                    out["steps"] = cfg["profile_steps"]["W6"]
                    res["profiles"][k + " (op-by-op)"] = out
                break


# ---------------------------------------------------------------------------
# machine description


def loadavg():
    try:
        return os.getloadavg()
    except OSError:
        return None


def machine_info():
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) * 1024
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "platform": platform.platform(),
            "python": sys.version.split()[0], "hostname": platform.node(),
            "loadavg_start": loadavg()}


def git_info():
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                             capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "mxjax"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return {"commit": rev, "mxjax_dirty": bool(dirty)}
    except Exception:  # noqa: BLE001
        return {}


# ---------------------------------------------------------------------------
# report


def fmt_t(s):
    if s is None:
        return "—"
    if s < 1e-5:
        return "%.2f µs" % (s * 1e6)
    if s < 1e-3:
        return "%.1f µs" % (s * 1e6)
    if s < 1:
        return "%.2f ms" % (s * 1e3)
    return "%.2f s" % s


def fmt_r(v):
    if v is None or v.get("ratio") is None:
        return "—"
    if v.get("unit"):
        return "%.3g %s" % (v["ratio"], v["unit"])
    return "%.2fx" % v["ratio"]


def met_str(m):
    return {True: "**met**", False: "**not met**", None: "n/a"}[m]


WORKLOAD_TITLES = {
    "W1": "W1 eager op: y = x * 2 + 1 (10 elements), synchronised each iteration",
    "W2": "W2 seed: record y = 2*x*x, y.backward() (2x2)",
    "W1np": "W1np the W1 op written with mx.np arrays (mxjax and MXNet 1.9.1's mx.np)",
    "W2np": "W2np the W2 seed written with mx.np arrays (mxjax and MXNet 1.9.1's mx.np)",
    "W3": "W3 second order: g = grad(tanh(v), create_graph=True); g.backward() (1000 elements)",
    "W4": "W4 MLP 784-256-256-10 training step, batch 128, SGD lr=0.1 (operators + autograd)",
    "W4h": "W4h the same MLP as a hybridized Gluon HybridSequential + Trainer",
    "W5": "W5 dynamic graph: the seed's while loop with a new random input every step",
    "W7": "W7 CIFAR ResNet-20 training step, batch 32, hybridized Gluon + Trainer(sgd, momentum "
          "0.9) (jax.jit: value_and_grad + fused update; PyTorch eager)",
    "W7i": "W7i the same ResNet-20 step, Gluon not hybridized (imperative)",
    "W8": "W8 2-layer LSTM language-model step (hidden 200, seq 35, batch 20, vocab 1000), "
          "hybridized Gluon, SGD",
    "W10": "W10 batch-1 inference latency of the hybridized ResNet-20",
}


def write_markdown(res, path):
    L = []
    m = res["machine"]
    L.append("# mxjax benchmark results\n")
    L.append("Generated by `python bench/run.py%s` on %s (finished %s). Do not edit by hand: "
             "rerun the script.\n" % ((" " + " ".join(res["argv"])) if res["argv"] else "",
                                      res["started"], res["finished"]))
    L.append("## Machine\n")
    L.append("- CPU: %s, %s cores; memory %.0f GiB; %s" % (
        m["cpu"], m["cores"], (m["memory"] or 0) / 2 ** 30, m["platform"]))
    L.append("- Python %s; load average at start %s, at end %s (the machine is shared: "
             "figures are medians over alternating rounds)" % (
                 m["python"], fmt_load(m.get("loadavg_start")), fmt_load(m.get("loadavg_end"))))
    g = res.get("git", {})
    L.append("- mxjax at commit %s%s" % (g.get("commit", "?"), " plus uncommitted changes in "
                                          "mxjax/ (shared working tree)" if g.get("mxjax_dirty")
                                          else ""))
    L.append("- requested device: **%s**%s; CPU threads per framework: %s%s\n" % (
        res["device"], "; quick mode" if res["quick"] else "",
        res.get("threads") or "each framework's default",
        " (every process pinned to CPU %s)" % ",".join(map(str, res["cpus"]))
        if res.get("cpus") else ""))
    L.append("| implementation | versions | device that produced its figures |")
    L.append("|---|---|---|")
    for n, info in res["workers"].items():
        if info.get("ok"):
            L.append("| %s | %s | %s |" % (LABELS[n], ", ".join("%s %s" % kv for kv in
                                                                info["versions"].items()),
                                           info["device"]))
        else:
            L.append("| %s | — | skipped: %s |" % (LABELS[n], info.get("skip")))
    L.append("")
    L.append("W4 parameter update on mxjax and MXNet: `%s`.\n" % (
        "nd.sgd_update(p, p.grad, lr=0.1, out=p)" if res.get("w4_update") == "sgd_update"
        else "p[:] = p - 0.1 * p.grad"))

    for note in res.get("notes", []):
        L.append("- note: %s" % note)
    if res.get("notes"):
        L.append("")
    L.append("## Targets (issues 4 and 12)\n")
    L.append("| target | measured (ratio of medians) | verdict | ratio of minima (load-robust "
             "check) |")
    L.append("|---|---|---|---|")
    for v in res.get("verdicts", []):
        meas = fmt_r(v)
        if v.get("why"):
            meas += " (%s)" % v["why"]
        if v.get("detail"):
            meas += "; " + v["detail"]
        alt = ("%.2fx (%s)" % (v["ratio_min"], "met" if v["met_min"] else "not met")
               if "ratio_min" in v else "")
        verdict = met_str(v["met"])
        if "met_min" in v and v["met_min"] != v["met"]:
            verdict += " (uncertain: the minima disagree)"
        L.append("| %s | %s | %s | %s |" % (v["target"], meas, verdict, alt))
    L.append("")
    L.append("Ratios are mxjax's time over the peer's (lower is better for mxjax). The verdict "
             "is on the ratio of medians; on a loaded machine the ratio of the minimum "
             "iteration times (each implementation's least-disturbed iteration) is given beside "
             "it as a check.\n")

    L.append("## Ratios per workload\n")
    L.append("| workload | mxjax / jax.jit | mxjax / MXNet | mxjax / PyTorch | "
             "mxjax / jax.numpy eager | targets |")
    L.append("|---|---|---|---|---|---|")
    for key in [k for k in MICRO if k in res["workloads"]] + \
            sorted([k for k in res["workloads"] if k.startswith("W6-")],
                   key=lambda k: int(k[3:])) + [k for k in USER_SCALE if k in res["workloads"]]:
        row = [key]
        for den in ("jax", "mxnet", "torch", "jnp"):
            a, b = median_of(res, key, "mxjax"), median_of(res, key, den)
            row.append("%.2fx" % (a / b) if a and b else "—")
        row.append("; ".join(v["target"] for v in res.get("verdicts", [])
                             if v["workload"] == key and v.get("den")) or "")
        L.append("| " + " | ".join(row) + " |")
    L.append("")
    L.append("![ratios](results.png)\n")

    L.append("## Timings\n")
    L.append("Per iteration, synchronisation included. `cold` = the first and second "
             "iterations after set-up (mxjax runs a graph seen once op by op and compiles it "
             "on the second sighting; JAX compiles on the first call).\n")
    for key in MICRO + USER_SCALE:
        if key not in res["workloads"] and key not in res["skips"]:
            continue
        L.append("### %s\n" % WORKLOAD_TITLES[key])
        if key in USER_SCALE:
            jx, mn, tc = (median_of(res, key, n) for n in ("jax", "mxnet", "torch"))
            if jx and mn:
                L.append("jax.jit / MXNet: %.2fx%s.\n" % (
                    jx / mn, "; PyTorch / MXNet: %.2fx" % (tc / mn) if tc else ""))
        timing_table(L, res, key)
        if key == "W5":
            st = res["workloads"].get("W5", {}).get("mxjax", {})
            if st:
                L.append("mxjax engine counters for W5 (reset before its warm-up): after %d "
                         "warm-up steps %s; after the timed rounds %s." % (
                             len(st["warm_times"]), fmt_stats(st.get("stats_after_warmup")),
                             fmt_stats(st.get("stats"))))
                mm = res["memory"].get("W5", {}).get("mxjax")
                if mm:
                    L.append(" Over the %d further steps of the memory run: %d compiles, %d "
                             "uncompiled runs; totals %s." % (
                                 mm["steps"], mm["compiles_during"],
                                 mm["uncompiled_runs_during"], fmt_stats(mm["stats_after"])))
                ws = res.get("w5_structures")
                if ws:
                    L.append(" The inputs of those %d steps take %d distinct (loop length, "
                             "branch) paths.\n" % (ws["steps"], ws["distinct"]))
    process_sections(L, res)
    w6_start = len(L)
    L.append("### W6 scaling: record + backward of a chain of n nodes "
             "(y = y * 1.0001 + 0.0001, 10 elements)\n")
    sizes = res["config"]["w6_sizes"]
    impls = [n for n in PEERS["W6"] if n in res["workers"] and res["workers"][n].get("ok")]
    L.append("| implementation | " + " | ".join("%d nodes" % s for s in sizes) +
             " | per node at the largest size run | cold 1st / 2nd step at each size |")
    L.append("|---" * (len(sizes) + 3) + "|")
    for n in impls:
        row = [LABELS[n]]
        colds = []
        for s in sizes:
            e = res["workloads"].get("W6-%d" % s, {}).get(n)
            if e:
                row.append("%s (%s–%s, n=%d)" % (fmt_t(e["median"]), fmt_t(e["min"]),
                                                  fmt_t(e["max"]), e["n"]))
                wt = e["warm_times"]
                colds.append("%s / %s" % (fmt_t(wt[0]), fmt_t(wt[1]) if len(wt) > 1 else "—"))
            else:
                why = res["skips"].get("W6-%d" % s, {}).get(n, "not run")
                row.append("— (%s)" % why)
                colds.append("—")
        ran = [s for s in sizes if median_of(res, "W6-%d" % s, n) is not None]
        row.append("%s (%d)" % (fmt_t(median_of(res, "W6-%d" % ran[-1], n) / ran[-1]), ran[-1])
                   if ran else "—")
        row.append("; ".join(colds))
        L.append("| " + " | ".join(row) + " |")
    L.append("")
    if any("did not finish" in why for k, d in res["skips"].items() if k.startswith("W6-")
           for why in d.values()):
        L.append("A timed-out set-up is mxjax compiling the chain on its second sighting. The "
                 "compiled backward program returns the value of every pending node as an "
                 "extra output, and XLA's compile time grows super-linearly with those "
                 "outputs: `python bench/xla_aux_compile.py` reproduces it in plain JAX "
                 "(a 1,000-node chain took 439 s to compile in a separate trial on this "
                 "machine).\n")
    L.append("`mxjax op-by-op` is mxjax with `MXJAX_COMPILE_AFTER=%s` (never compile): the "
             "engine's uncompiled path, shown for the scaling of recording and replay.\n"
             % NEVER_COMPILE)
    if not any(k.startswith("W6-") for k in list(res["workloads"]) + list(res["skips"])):
        del L[w6_start:]  # W6 not run
    memory_start = len(L)
    L.append("### W6 memory: process RSS around many steps (after warm-up)\n")
    L.append("| workload | implementation | steps | RSS before | RSS after | growth | "
             "growth after first sample | growth in intervals without a compile | time |")
    L.append("|---|---|---|---|---|---|---|---|---|")
    for key, d in res["memory"].items():
        for n, mm in d.items():
            if "growth" not in mm:
                L.append("| %s | %s | — | error: %s |||||" % (key, LABELS[n], mm.get("error")))
                continue
            L.append("| %s | %s | %d | %.1f MiB | %.1f MiB | %+.2f MiB | %+.2f MiB | %s | %.1f s |"
                     % (key, LABELS[n], mm["steps"], mm["before"] / 2 ** 20,
                        mm["after"] / 2 ** 20, mm["growth"] / 2 ** 20,
                        mm["growth_after_first_sample"] / 2 ** 20,
                        "%+.2f MiB (%d compiles)" % (mm["growth_without_compiles"] / 2 ** 20,
                                                     mm.get("compiles_during", 0))
                        if "growth_without_compiles" in mm else "—", mm["elapsed_s"]))
    L.append("")
    L.append("RSS samples (MiB) every %d steps:\n" % res["config"]["memory_every"])
    for key, d in res["memory"].items():
        for n, mm in d.items():
            if "samples" in mm:
                L.append("- %s %s: %s" % (key, LABELS[n], " ".join(
                    "%.1f" % (smp[1] / 2 ** 20) + ("" if len(smp) < 3 or smp[2] is None else
                                                   " [%d]" % smp[2])
                    for smp in mm["samples"])))
    L.append("\n(in brackets: mxjax's total compiles at that sample)\n")
    L.append("")
    if not res["memory"]:
        del L[memory_start:]  # no memory run (W2, W5 not run)
    if res.get("profiles"):
        L.append("## Profiles\n")
        L.append("Profiles of the mxjax side of the workloads with an unmet target are in "
                 "[PROFILES.md](PROFILES.md).\n")
    L.append("## Method\n")
    L.append(METHOD_TEXT % {"rounds": res["config"]["rounds"],
                            "budget": res["config"]["budget_s"]})
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


METHOD_TEXT = """\
- Each implementation runs in its own process (`bench/worker.py`); real MXNet runs
  in its own virtualenv's interpreter. The workloads are written once per
  implementation in `bench/workloads.py` with the same shapes, float32 inputs
  (shared NumPy arrays) and math; see `bench/run.py`'s docstring for the few places
  where the idiom differs.
- After set-up and warm-up, %(rounds)d rounds; in each round every implementation
  runs for %(budget).2f s (at least 3 iterations; 2 for W6), the order rotating
  from round to round. Every iteration is timed with `time.perf_counter`, its
  synchronisation included; the tables give the median, min and max over all
  iterations and the number of iterations.
- Memory: RSS from `/proc/self/statm`, sampled before and during many further
  steps once warm; "growth" is the last sample minus the first.
- No timing is asserted in any test; these are measurements, not pass/fail checks.
"""


def fmt_load(l):
    return "—" if not l else "%.2f %.2f %.2f" % tuple(l)


def fmt_stats(st):
    if not st:
        return "—"
    return ", ".join("%s=%s" % (k, st[k]) for k in ("compiles", "cache_hits",
                                                    "uncompiled_runs", "evictions")
                     if k in st)


def process_sections(L, res):
    """The W9 and W11 tables (whole processes)."""
    if "w9" in res:
        L.append("### W9 process start to the first finished W7 (hybridized ResNet-20) step\n")
        L.append("Fresh processes, in this order; the wall time is the parent's stopwatch "
                 "from starting the process to the child reporting its finished first step. "
                 "mxjax's first run has an empty persistent compile cache (`MXJAX_CACHE_DIR` "
                 "= a new folder), the later run the same folder; jax.jit uses JAX's "
                 "persistent cache the same way.\n")
        L.append("| implementation | run | to first step done | import | build + init | "
                 "step 1 | step 2 | to second step done |")
        L.append("|---|---|---|---|---|---|---|---|")
        for r in res["w9"]["runs"]:
            if "first_step_wall_s" not in r:
                L.append("| %s | %s | %s ||||||" % (LABELS[r["impl"]], r["run"],
                                                    "failed: %s" % r.get("skip")))
                continue
            L.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                LABELS[r["impl"]], r["run"], fmt_t(r["first_step_wall_s"]),
                fmt_t(r["import_s"]), fmt_t(r["build_s"]), fmt_t(r["step1_s"]),
                fmt_t(r.get("step2_s")), fmt_t(r.get("second_step_wall_s"))))
        L.append("")
    if "w11" in res:
        L.append("### W11 whole-program wall time of user-style scripts (bench/scripts/)\n")
        L.append("Each script a fresh process, unchanged: `MXNet-python script.py` and "
                 "`python -m mxjax script.py` (first run with an empty mxjax compile cache; "
                 "`warm` = a second run with that cache). Target: mxjax <= MXNet x the "
                 "steady-state ratio of hand-written jax.jit to MXNet for the model family.\n")
        L.append("| script | family | MXNet 1.9.1 | mxjax (first run) | ratio | mxjax (warm "
                 "cache) | target ratio |")
        L.append("|---|---|---|---|---|---|---|")
        for script, e in res["w11"].items():
            def cell(name):
                d = e.get(name)
                if not d:
                    return "—"
                return fmt_t(d["wall_s"]) if "skip" not in d else "failed: %s" % d["skip"]
            a, b = e.get("mxjax", {}), e.get("mxnet", {})
            ratio = ("%.2fx" % (a["wall_s"] / b["wall_s"]) if "wall_s" in a and "wall_s" in b
                     and "skip" not in a and "skip" not in b else "—")
            L.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                script, e["family"], cell("mxnet"), cell("mxjax"), ratio,
                cell("mxjax (warm cache)"),
                "%.2fx (%s)" % (e["target_ratio"], e["target_source"])
                if "target_ratio" in e else "—"))
        L.append("")


def timing_table(L, res, key):
    L.append("| implementation | median | min – max | iterations | cold 1st / 2nd | "
             "round medians |")
    L.append("|---|---|---|---|---|---|")
    for n, e in res["workloads"].get(key, {}).items():
        wt = e["warm_times"]
        L.append("| %s | %s | %s – %s | %d (%d rounds) | %s / %s | %s |" % (
            LABELS[n], fmt_t(e["median"]), fmt_t(e["min"]), fmt_t(e["max"]), e["n"],
            len(e["round_medians"]), fmt_t(wt[0]) if wt else "—",
            fmt_t(wt[1]) if len(wt) > 1 else "—",
            " ".join(fmt_t(x) for x in e["round_medians"])))
    for n, why in res["skips"].get(key, {}).items():
        L.append("| %s | skipped: %s ||||| " % (LABELS[n], why))
    L.append("")


def write_profiles(res, path):
    L = ["# Profiles of the mxjax side of unmet targets\n",
         "Generated by `bench/run.py` from the run of %s. Each section profiles steady-state "
         "steps (after warm-up) in the mxjax worker; cProfile inflates per-call overhead, so "
         "compare functions with each other, not with the timings of RESULTS.md.\n"
         % res["started"]]
    for k, p in res.get("profiles", {}).items():
        e = res["workloads"].get(k.split(" ")[0], {}).get(
            "mxjax-nc" if "op-by-op" in k else "mxjax", {})
        L.append("## %s\n" % k)
        L.append("Median step %s unprofiled; %s per step under cProfile (%d steps)%s.\n" % (
            fmt_t(e.get("median")), fmt_t(p["profiled_s_per_step"]), p["steps"],
            ("; %s per step under pyinstrument" % fmt_t(p["pyinstrument_s_per_step"]))
            if "pyinstrument" in p else ""))
        if "pyinstrument" in p:
            L.append("### pyinstrument\n\n```\n%s\n```\n" % p["pyinstrument"].strip())
        L.append("### cProfile, by own time\n\n```\n%s\n```\n" % p["cprofile_tottime"].strip())
        L.append("### cProfile, by cumulative time\n\n```\n%s\n```\n"
                 % p["cprofile_cumulative"].strip())
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


def write_chart(res, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib is not installed: no chart")
        return False
    keys = [k for k in MICRO if k in res["workloads"]]
    keys += sorted([k for k in res["workloads"] if k.startswith("W6-")], key=lambda k: int(k[3:]))
    keys += [k for k in USER_SCALE if k in res["workloads"]]
    dens = [("jnp", "vs jax.numpy eager"), ("jax", "vs jax.jit"), ("mxnet", "vs MXNet 1.9.1"),
            ("torch", "vs PyTorch")]
    colors = {"jnp": "#8c8c8c", "jax": "#4c72b0", "mxnet": "#dd8452", "torch": "#55a868"}
    fig, ax = plt.subplots(figsize=(max(8, 1.2 * len(keys) + 3), 5))
    width = 0.8 / len(dens)
    for j, (den, label) in enumerate(dens):
        xs, ys = [], []
        for i, k in enumerate(keys):
            a, b = median_of(res, k, "mxjax"), median_of(res, k, den)
            if a and b:
                xs.append(i + (j - (len(dens) - 1) / 2) * width)
                ys.append(a / b)
        if xs:
            ax.bar(xs, ys, width, label="mxjax " + label, color=colors[den])
    first = True
    for key, num, den, target, text in TARGETS:
        if key in keys:
            j = [d for d, _ in dens].index(den)
            x = keys.index(key) + (j - (len(dens) - 1) / 2) * width
            ax.plot([x - width / 2, x + width / 2], [target, target], color="red", lw=2,
                    label="target" if first else None)
            first = False
    for i, k in enumerate(keys):
        if median_of(res, k, "mxjax") is None:
            why = res["skips"].get(k, {}).get("mxjax", "not run")
            ax.text(i, 1.0, "mxjax: " + ("compile timed out" if "did not finish" in why else
                                         "not tried" if "not tried" in why else "skipped"),
                    rotation=90, ha="center", va="center", fontsize=8, color="red")
    ax.axhline(1.0, color="black", lw=0.8)
    ax.set_yscale("log")
    ax.set_xlim(-0.6, len(keys) - 0.4)
    ax.set_xticks(range(len(keys)))
    ax.set_xticklabels(keys)
    ax.set_ylabel("mxjax time / peer time (log; < 1: mxjax faster)")
    ax.set_title("mxjax vs peers, %s, %s (%s)" % (res["device"], res["machine"]["cpu"],
                                                 res["started"][:10]))
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer rounds and steps (~1-2 min "
                    "for W1-W6; W7-W11 take 15-20 min on a loaded 2-core machine)")
    ap.add_argument("--device", choices=("cpu", "gpu"), default="cpu")
    ap.add_argument("--mxnet-python", help="interpreter with mxnet 1.9.1 (default "
                    "$MXNET_PYTHON or ~/.mxref/bin/python)")
    ap.add_argument("--workloads", help="comma-separated subset of " + ",".join(ALL_WORKLOADS))
    ap.add_argument("--torch-python", help="interpreter with torch (default $TORCH_PYTHON, "
                    "~/.torchref/bin/python when present, else this one)")
    ap.add_argument("--impls", help="comma-separated subset of mxjax,jax,jnp,torch,mxnet")
    ap.add_argument("--rounds", type=int, help="override the number of rounds")
    ap.add_argument("--threads", type=int, help="CPU threads per framework (OMP/MKL, "
                    "torch.set_num_threads, XLA's Eigen pool when 1); default: each "
                    "framework's own default")
    ap.add_argument("--no-profile", action="store_true", help="skip profiling unmet targets")
    ap.add_argument("--out", default=HERE, help="directory for RESULTS.md, results.json, "
                    "results.png, PROFILES.md (default bench/)")
    ap.add_argument("--from-json", help="only rewrite the reports from a saved results.json")
    args = ap.parse_args(argv)
    if args.from_json:
        with open(args.from_json) as f:
            res = json.load(f)
        evaluate(res)
    else:
        t0 = time.time()
        res = run(args)
        res["wall_s"] = time.time() - t0
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(res, f, indent=1, default=str)
    write_chart(res, os.path.join(args.out, "results.png"))
    write_markdown(res, os.path.join(args.out, "RESULTS.md"))
    if res.get("profiles"):
        write_profiles(res, os.path.join(args.out, "PROFILES.md"))
    log("\nTargets:")
    for v in res.get("verdicts", []):
        log("  %-70s %-14s %s" % (v["target"][:70], fmt_r(v), met_str(v["met"]).strip("*")))
    log("wrote %s/RESULTS.md (the run took %.0f s)" % (args.out, res.get("wall_s", 0)))


if __name__ == "__main__":
    main()
