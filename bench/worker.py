"""One implementation of the benchmark, run as a subprocess of ``bench/run.py``.

Usage: ``python bench/worker.py IMPL DEVICE`` (IMPL in mxjax, mxnet, torch, jax,
jnp). Reads one JSON command per line on stdin and answers one JSON line on the
protocol channel (the original stdout; anything the framework prints goes to
stderr). Commands::

    {"cmd": "info"}
    {"cmd": "setup", "key": "W2", "warmup": 20, "update": "assign"}
    {"cmd": "time", "key": "W2", "budget_s": 0.5, "min_n": 3, "max_n": 100000}
    {"cmd": "memory", "key": "W2", "steps": 10000, "every": 1000}
    {"cmd": "stats"} / {"cmd": "reset_stats"}           (mxjax engine counters)
    {"cmd": "profile", "key": "W2", "n": 200}            (cProfile text)
    {"cmd": "quit"}
"""
import gc
import io
import json
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.dirname(HERE))  # the working tree's mxjax

import workloads  # noqa: E402


def rss_bytes():
    """The resident set size of this process, from /proc/self/statm."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main():
    impl_name, device = sys.argv[1], sys.argv[2]
    cpus = os.environ.get("BENCH_CPUS")  # run.py --threads N: the same N CPUs for every peer
    if cpus and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {int(c) for c in cpus.split(",")})
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # framework chatter on stdout goes to stderr
    sys.stdout = sys.stderr

    def reply(obj):
        proto.write(json.dumps(obj) + "\n")
        proto.flush()

    impl = None
    skip_reason = None
    t0 = time.perf_counter()
    try:
        impl = workloads.IMPLS[impl_name](device)
    except workloads.Skip as err:
        skip_reason = str(err)
    except Exception as err:  # noqa: BLE001
        skip_reason = "%s: %s" % (type(err).__name__, err)
    import_s = time.perf_counter() - t0
    steps = {}
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        cmd = json.loads(line)
        c = cmd["cmd"]
        try:
            if c == "quit":
                reply({"ok": True})
                break
            if c == "info":
                if impl is None:
                    reply({"ok": False, "skip": skip_reason})
                    continue
                reply({"ok": True, "impl": impl_name, "versions": impl.versions,
                       "device": impl.device_desc(), "caps": impl.caps(),
                       "python": sys.version.split()[0], "executable": sys.executable,
                       "import_s": import_s, "rss": rss_bytes()})
            elif c == "setup":
                key = cmd["key"]
                if "update" in cmd and hasattr(impl, "update"):
                    impl.update = cmd["update"]
                t0 = time.perf_counter()
                try:
                    step = workloads.build(impl, key)
                except workloads.Skip as err:
                    reply({"ok": False, "skip": str(err)})
                    continue
                setup_s = time.perf_counter() - t0
                warm = []
                for _ in range(int(cmd.get("warmup", 5))):
                    t = time.perf_counter()
                    step()
                    warm.append(time.perf_counter() - t)
                steps[key] = step
                reply({"ok": True, "setup_s": setup_s, "warm_times": warm})
            elif c == "time":
                step = steps[cmd["key"]]
                budget = float(cmd.get("budget_s", 0.5))
                min_n, max_n = int(cmd.get("min_n", 3)), int(cmd.get("max_n", 10 ** 6))
                times = []
                pc = time.perf_counter
                start = pc()
                while len(times) < max_n and (len(times) < min_n or pc() - start < budget):
                    t = pc()
                    step()
                    times.append(pc() - t)
                reply({"ok": True, "times": times})
            elif c == "memory":
                step = steps[cmd["key"]]
                n, every = int(cmd["steps"]), int(cmd.get("every", 1000))
                def compiles():
                    return impl.stats()["compiles"] if hasattr(impl, "stats") else None
                gc.collect()
                samples = [(0, rss_bytes(), compiles())]
                t0 = time.perf_counter()
                for i in range(1, n + 1):
                    step()
                    if i % every == 0 or i == n:
                        samples.append((i, rss_bytes(), compiles()))
                elapsed = time.perf_counter() - t0
                gc.collect()
                reply({"ok": True, "samples": samples, "after_gc": rss_bytes(),
                       "elapsed_s": elapsed})
            elif c == "stats":
                reply({"ok": True, "stats": impl.stats() if hasattr(impl, "stats") else None})
            elif c == "reset_stats":
                if hasattr(impl, "reset_stats"):
                    impl.reset_stats()
                reply({"ok": True})
            elif c == "profile":
                key = cmd["key"]
                if "update" in cmd and hasattr(impl, "update"):
                    impl.update = cmd["update"]
                if key not in steps:  # e.g. a worker restarted after a timeout
                    steps[key] = workloads.build(impl, key)
                    for _ in range(int(cmd.get("warmup", PROFILE_WARMUP.get(key, 20)))):
                        steps[key]()
                reply({"ok": True, **profile(steps[key], int(cmd.get("n", 200)),
                                             cmd.get("top", 30))})
            else:
                reply({"ok": False, "error": "unknown command %r" % c})
        except Exception as err:  # noqa: BLE001
            reply({"ok": False, "error": "%s: %s" % (type(err).__name__, err),
                   "traceback": traceback.format_exc()})


PROFILE_WARMUP = {"W1": 100, "W2": 30, "W3": 30, "W4": 10, "W4h": 10, "W5": 300}


def profile(step, n, top):
    """cProfile (and pyinstrument when installed) summaries of ``n`` steps."""
    import cProfile
    import pstats
    out = {}
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for _ in range(n):
        step()
    prof.disable()
    out["profiled_s_per_step"] = (time.perf_counter() - t0) / n
    for sort in ("tottime", "cumulative"):
        s = io.StringIO()
        st = pstats.Stats(prof, stream=s)
        st.strip_dirs().sort_stats(sort).print_stats(top)
        text = s.getvalue()
        # keep the table only, and express per step
        out["cprofile_" + sort] = text[text.find("   ncalls"):] if "   ncalls" in text else text
    try:
        from pyinstrument import Profiler
    except ImportError:
        return out
    p = Profiler(interval=0.001)
    t0 = time.perf_counter()
    p.start()
    for _ in range(n):
        step()
    p.stop()
    out["pyinstrument_s_per_step"] = (time.perf_counter() - t0) / n
    out["pyinstrument"] = p.output_text(unicode=False, color=False, show_all=False)
    return out


if __name__ == "__main__":
    main()
