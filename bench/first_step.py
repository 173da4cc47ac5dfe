"""W9: from process start to the first finished training step of W7 (hybridized ResNet-20).

Usage: ``python bench/first_step.py IMPL [STEPS]`` with IMPL in mxjax, mxnet, jax
(run by ``bench/process_bench.py``, one fresh process per measurement). Prints one
JSON line per finished step on stdout, flushed at once, so that the parent can stamp
the wall time since it started the process::

    {"step": 1, "import_s": ..., "build_s": ..., "step_s": ..., "age_s": ...}

``import_s`` is the framework import (this script's own imports included),
``build_s`` building, initializing and hybridizing the network and the Trainer,
``step_s`` the step itself (record, backward, trainer.step, waiting for every
parameter), ``age_s`` the process age read from ``/proc`` (10 ms resolution; the
parent's own stopwatch is the measurement reported).

``W9_KEY`` picks another workload of ``bench/workloads.py`` to time the same way (e.g.
``W7i``, the ResNet-20 step not hybridized). The parent pins the process to
``BENCH_CPUS`` before it starts (``--threads``).
The persistent compilation caches are chosen by the environment: ``MXJAX_CACHE_DIR``
for mxjax; ``BENCH_JAX_CACHE_DIR`` turns JAX's persistent cache on for the
hand-written jax.jit step (same 0.01 s threshold as mxjax).
"""
import json
import os
import sys
import time

T0 = time.perf_counter()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.dirname(HERE))


def process_age():
    try:
        with open("/proc/self/stat") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            up = float(f.read().split()[0])
        return up - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def main():
    impl_name = sys.argv[1]
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    cache = os.environ.get("BENCH_JAX_CACHE_DIR")
    if impl_name == "jax" and cache:
        import jax
        jax.config.update("jax_compilation_cache_dir", cache)
        jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.01)
    import workloads
    impl = workloads.IMPLS[impl_name]("cpu")
    t_import = time.perf_counter() - T0
    t = time.perf_counter()
    step = workloads.build(impl, os.environ.get("W9_KEY", "W7"))
    t_build = time.perf_counter() - t
    for i in range(1, steps + 1):
        t = time.perf_counter()
        step()
        out = {"step": i, "step_s": time.perf_counter() - t, "age_s": process_age()}
        if i == 1:
            out.update(import_s=t_import, build_s=t_build)
            if hasattr(impl, "stats"):
                out["stats"] = impl.stats()
        proto.write(json.dumps(out) + "\n")
        proto.flush()


if __name__ == "__main__":
    main()
