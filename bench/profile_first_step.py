"""cProfile of the mxjax side of a user-scale workload, phase by phase, in a fresh process.

Usage::

    python bench/profile_first_step.py [--key W7i] [--steady 5] [--top 25] [--out FILE]

Phases: building and initializing the network, the first training step, the second,
and ``--steady`` steady-state steps after two more warm-up steps. The persistent
compilation cache is a fresh temporary folder (``MXJAX_CACHE_DIR``) unless the
environment already names one, so the first steps are those of a first run. Set the
threads as the benchmark does (``OMP_NUM_THREADS=1 XLA_FLAGS=...``) for comparable
figures. Writes Markdown (top functions by own time and by cumulative time per phase,
and the engine counters after each phase) to ``--out`` or stdout.
"""
import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.dirname(HERE))


def table(prof, sort, top):
    s = io.StringIO()
    pstats.Stats(prof, stream=s).strip_dirs().sort_stats(sort).print_stats(top)
    text = s.getvalue()
    return text[text.find("   ncalls"):] if "   ncalls" in text else text


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--key", default="W7i", help="workload key (W7, W7i, W8, W10)")
    ap.add_argument("--steady", type=int, default=5, help="steady-state steps profiled")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--out", help="Markdown output file (default stdout)")
    args = ap.parse_args(argv)
    if not os.environ.get("MXJAX_CACHE_DIR"):
        os.environ["MXJAX_CACHE_DIR"] = tempfile.mkdtemp(prefix="mxjax-prof-cache-")
    t0 = time.perf_counter()
    import workloads
    impl = workloads.IMPLS["mxjax"]("cpu")
    import_s = time.perf_counter() - t0
    phases = []

    def run(name, fn, n=1):
        prof = cProfile.Profile()
        t = time.perf_counter()
        prof.enable()
        for _ in range(n):
            out = fn()
        prof.disable()
        phases.append((name, (time.perf_counter() - t) / n, n, prof, impl.stats()))
        return out

    step = run("build + initialize", lambda: workloads.build(impl, args.key))
    run("first step", step)
    run("second step", step)
    step()
    step()
    run("steady step", step, args.steady)

    L = ["# cProfile of mxjax %s by phase (fresh process)\n" % args.key,
         "`python bench/profile_first_step.py --key %s` with OMP_NUM_THREADS=%s, XLA_FLAGS=%r; "
         "importing the framework took %.2f s. Times are per step under cProfile (which "
         "inflates Python-heavy code); the engine counters (`mx.engine.stats()`) are "
         "cumulative after each phase.\n" % (args.key, os.environ.get("OMP_NUM_THREADS", "-"),
                                             os.environ.get("XLA_FLAGS", ""), import_s)]
    L.append("| phase | time per step (profiled) | steps | engine counters after |")
    L.append("|---|---|---|---|")
    for name, sec, n, _, st in phases:
        L.append("| %s | %.3f s | %d | %s |" % (
            name, sec, n, ", ".join("%s=%s" % kv for kv in sorted(st.items()))))
    L.append("")
    for name, sec, n, prof, _ in phases:
        L.append("## %s (%.3f s per step, %d step%s)\n" % (name, sec, n, "s" if n > 1 else ""))
        L.append("### by own time\n\n```\n%s\n```\n" % table(prof, "tottime", args.top).strip())
        L.append("### by cumulative time\n\n```\n%s\n```\n"
                 % table(prof, "cumulative", args.top).strip())
    text = "\n".join(L) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
