"""W9 and W11: whole processes, timed from outside by ``bench/run.py``.

* W9 - from process start to the first finished training step of W7 (hybridized
  ResNet-20, ``bench/first_step.py``): mxjax with an EMPTY persistent compilation
  cache (``MXJAX_CACHE_DIR`` = a fresh temporary folder), then mxjax again with that
  cache warm, against MXNet 1.9.1 (two fresh processes too) and, for reference, the
  hand-written jax.jit step (JAX's persistent cache in a fresh folder, then warm).
  The wall time is the parent's stopwatch from ``Popen`` to the line the child
  prints when its first step has finished (interpreter start-up included).
* W11 - whole-program wall time of the user-style scripts in ``bench/scripts/``,
  each as a fresh process: ``MXNET_PY script.py`` against ``python -m mxjax
  script.py`` (first run with an empty mxjax compile cache; in the full suite a
  second, warm-cache run too). Target: mxjax's wall <= MXNet's x the steady-state
  ratio of hand-written jax.jit to MXNet for that model family, taken from W7
  (convolutional nets) or W8 (LSTMs) of the same run, or from issue 12's estimates
  (2.0 and 1.0) when those workloads were not run.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# (script, model family, workload whose jax.jit / MXNet ratio is the target, fallback)
SCRIPTS = [("resnet18_d2l.py", "convolutional", "W7", 2.0),
           ("lenet_d2l.py", "convolutional", "W7", 2.0),
           ("lstm_tagger.py", "LSTM", "W8", 1.0)]

W9_COLD_LIMIT = 2.0     # mxjax's first run (empty cache) <= 2x MXNet's first step
W9_WARM_LIMIT = 1.0     # mxjax's later run (warm cache) <= MXNet's


def log(msg):
    print(msg, flush=True)


def pin_cpus(env=None):
    """Pin this process to the CPUs listed in ``BENCH_CPUS`` (comma-separated), if any."""
    cpus = (env if env is not None else os.environ).get("BENCH_CPUS")
    if cpus and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {int(c) for c in cpus.split(",")})


def timed_process(argv, env, timeout, log_path):
    """Run ``argv``; stamp every JSON line it prints on stdout with the wall time
    since ``Popen``. Returns a dict with events, wall_s, rc, output tail."""
    events, other = [], []
    with open(log_path, "a") as err:
        err.write("\n$ %s\n" % " ".join(argv))
        err.flush()
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=err, text=True, env=env,
                             cwd=ROOT, start_new_session=True,
                             preexec_fn=(lambda: pin_cpus(env)) if env.get("BENCH_CPUS")
                             else None)
        killed = []

        def kill():
            killed.append(True)
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                pass
        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            for line in p.stdout:
                t = time.perf_counter() - t0
                s = line.strip()
                if s.startswith("{"):
                    try:
                        obj = json.loads(s)
                        obj["wall_s"] = t
                        events.append(obj)
                        continue
                    except ValueError:
                        pass
                other.append(s)
            p.wait()
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
    return {"events": events, "wall_s": wall, "rc": p.returncode, "timed_out": bool(killed),
            "output_tail": other[-8:]}


def _fail(out):
    if out["timed_out"]:
        return "timed out after %.0f s" % out["wall_s"]
    return "exit %s: %s" % (out["rc"], " | ".join(out["output_tail"][-3:]))


# ---------------------------------------------------------------------------
# W9


def byte_compile():
    """Write mxjax's ``.pyc`` files, as a regular ``pip install`` does (an editable install,
    or ``PYTHONDONTWRITEBYTECODE``, leaves none, and every start would compile the
    sources: MXNet's site-packages have theirs)."""
    import compileall
    compileall.compile_dir(os.path.join(ROOT, "mxjax"), quiet=1)


def run_w9(res, pythons, thread_env, log_dir, timeout=900):
    """Fresh processes to the first W7 step; fills ``res['w9']``."""
    byte_compile()
    base = dict(os.environ, **thread_env)
    base["PYTHONUNBUFFERED"] = "1"
    mx_cache = tempfile.mkdtemp(prefix="w9-mxjax-cache-", dir=log_dir)
    jax_cache = tempfile.mkdtemp(prefix="w9-jax-cache-", dir=log_dir)
    plan = [("mxnet", "first run", {}), ("mxjax", "first run (empty cache)",
                                         {"MXJAX_CACHE_DIR": mx_cache}),
            ("jax", "first run (empty cache)", {"BENCH_JAX_CACHE_DIR": jax_cache}),
            ("mxnet", "later run", {}), ("mxjax", "later run (warm cache)",
                                         {"MXJAX_CACHE_DIR": mx_cache}),
            ("jax", "later run (warm cache)", {"BENCH_JAX_CACHE_DIR": jax_cache})]
    runs = []
    for impl, label, extra in plan:
        py = pythons.get(impl)
        if not py:
            runs.append({"impl": impl, "run": label, "skip": "no interpreter"})
            continue
        env = dict(base, **extra)
        log("  W9    %-6s %s ..." % (impl, label))
        out = timed_process([py, os.path.join(HERE, "first_step.py"), impl, "2"], env, timeout,
                            os.path.join(log_dir, "w9-%s.log" % impl))
        ev = {e["step"]: e for e in out["events"]}
        r = {"impl": impl, "run": label, "process_wall_s": out["wall_s"]}
        if 1 not in ev:
            r["skip"] = _fail(out)
            log("  W9    %-6s %s failed: %s" % (impl, label, r["skip"]))
        else:
            e1 = ev[1]
            r.update(first_step_wall_s=e1["wall_s"], import_s=e1["import_s"],
                     build_s=e1["build_s"], step1_s=e1["step_s"], age_s=e1.get("age_s"),
                     stats=e1.get("stats"))
            if 2 in ev:
                r.update(second_step_wall_s=ev[2]["wall_s"], step2_s=ev[2]["step_s"])
            log("  W9    %-6s %-26s first step done at %.2f s (import %.2f, build %.2f, "
                "step 1 %.2f, step 2 %s)" % (impl, label, r["first_step_wall_s"], r["import_s"],
                                             r["build_s"], r["step1_s"],
                                             "%.2f" % r["step2_s"] if "step2_s" in r else "—"))
        runs.append(r)
    res["w9"] = {"runs": runs, "mxjax_cache": mx_cache}


def _w9_get(res, impl, label_start):
    for r in res.get("w9", {}).get("runs", []):
        if r["impl"] == impl and r["run"].startswith(label_start):
            return r
    return None


def w9_verdicts(res):
    out = []
    if "w9" not in res:
        return out
    for label, limit, text in (("first", W9_COLD_LIMIT, "W9 process start to first W7 step, "
                                "first run (empty compile cache) <= 2x MXNet's"),
                               ("later", W9_WARM_LIMIT, "W9 process start to first W7 step, "
                                "later run (warm compile cache) <= MXNet's")):
        a, b = _w9_get(res, "mxjax", label), _w9_get(res, "mxnet", label)
        if not a or not b or "first_step_wall_s" not in a or "first_step_wall_s" not in b:
            why = (a or {}).get("skip") or (b or {}).get("skip") or "not run"
            out.append({"target": text, "workload": "W9", "ratio": None, "limit": limit,
                        "met": None, "why": why})
            continue
        r = a["first_step_wall_s"] / b["first_step_wall_s"]
        out.append({"target": text, "workload": "W9", "ratio": r, "limit": limit,
                    "met": r <= limit, "detail": "%.2f s against %.2f s" % (
                        a["first_step_wall_s"], b["first_step_wall_s"])})
    return out


# ---------------------------------------------------------------------------
# W11


def run_w11(res, pythons, thread_env, log_dir, warm_run=True, timeout=1200):
    """Each script of SCRIPTS as a fresh process on MXNet and on mxjax; fills res['w11']."""
    byte_compile()
    base = dict(os.environ, **thread_env)
    base["PYTHONUNBUFFERED"] = "1"
    # the working tree's mxjax, wherever the interpreter's site-packages point
    base["PYTHONPATH"] = ROOT + (os.pathsep + base["PYTHONPATH"] if base.get("PYTHONPATH")
                                 else "")
    out = {}
    for script, family, ref, fallback in SCRIPTS:
        path = os.path.join(HERE, "scripts", script)
        cache = tempfile.mkdtemp(prefix="w11-cache-", dir=log_dir)
        entry = {"family": family, "ref_workload": ref, "fallback_ratio": fallback}
        runs = [("mxnet", [pythons.get("mxnet"), path], {}),
                ("mxjax", [pythons.get("mxjax"), "-m", "mxjax", path],
                 {"MXJAX_CACHE_DIR": cache})]
        if warm_run:
            runs.append(("mxjax (warm cache)", [pythons.get("mxjax"), "-m", "mxjax", path],
                         {"MXJAX_CACHE_DIR": cache}))
        for name, argv, extra in runs:
            if not argv[0]:
                entry[name] = {"skip": "no interpreter"}
                continue
            log("  W11   %-18s %s ..." % (name, script))
            o = timed_process(argv, dict(base, **extra), timeout,
                              os.path.join(log_dir, "w11-%s.log" % name.split()[0]))
            if o["rc"] != 0:
                entry[name] = {"skip": _fail(o), "wall_s": o["wall_s"]}
                log("  W11   %-18s %s failed: %s" % (name, script, entry[name]["skip"]))
            else:
                entry[name] = {"wall_s": o["wall_s"], "output_tail": o["output_tail"]}
                log("  W11   %-18s %s %.1f s" % (name, script, o["wall_s"]))
        out[script] = entry
    res["w11"] = out


def w11_verdicts(res, median_of):
    out = []
    for script, e in res.get("w11", {}).items():
        jx, mn = median_of(res, e["ref_workload"], "jax"), median_of(res, e["ref_workload"],
                                                                    "mxnet")
        if jx and mn:
            limit, source = jx / mn, "jax.jit / MXNet steady step of %s in this run" % (
                e["ref_workload"])
        else:
            limit, source = e["fallback_ratio"], "issue 12's estimate (%s not run)" % (
                e["ref_workload"])
        e["target_ratio"], e["target_source"] = limit, source
        text = "W11 %s wall <= MXNet's x %.2f (%s)" % (script, limit, source)
        a, b = e.get("mxjax", {}), e.get("mxnet", {})
        if "skip" in a or "skip" in b or not a or not b:
            out.append({"target": text, "workload": "W11", "ratio": None, "limit": limit,
                        "met": None, "why": a.get("skip") or b.get("skip") or "not run"})
            continue
        r = a["wall_s"] / b["wall_s"]
        detail = "%.1f s against %.1f s" % (a["wall_s"], b["wall_s"])
        w = e.get("mxjax (warm cache)", {})
        if "wall_s" in w and "skip" not in w:
            detail += "; warm-cache run %.1f s (%.2fx)" % (w["wall_s"], w["wall_s"] / b["wall_s"])
        out.append({"target": text, "workload": "W11", "ratio": r, "limit": limit,
                    "met": r <= limit, "detail": detail})
    return out
