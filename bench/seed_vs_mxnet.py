"""Issue 2's claim, side by side in one run: record + backward of y = 2*x*x on a
2x2 array is at least 3x faster on mxjax than on real MXNet 1.9.1.

Usage::

    python bench/seed_vs_mxnet.py [--rounds 9] [--budget 0.5] [--mxnet-python PATH]
                                  [--device cpu|gpu]

Both run in their own worker process (``bench/worker.py``), alternating in
rounds. Each iteration is ``with record(): y = 2 * x * x``, ``y.backward()``,
``x.grad.wait_to_read()``. Prints the medians, the ratio and whether the claim
holds on this machine (nothing is asserted: it is a measurement).
"""
import argparse
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from run import Worker, default_mxnet_python, fmt_t, machine_info  # noqa: E402

CLAIM = 3.0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--budget", type=float, default=0.5, help="seconds per implementation "
                    "per round")
    ap.add_argument("--warmup", type=int, default=30)
    ap.add_argument("--mxnet-python")
    ap.add_argument("--device", choices=("cpu", "gpu"), default="cpu")
    args = ap.parse_args(argv)
    mxpy = args.mxnet_python or default_mxnet_python()
    if not mxpy or not os.path.exists(mxpy):
        sys.exit("no MXNet interpreter: give --mxnet-python or set MXNET_PYTHON")
    workers = {"mxjax": Worker("seed-mxjax", "mxjax", sys.executable, args.device),
               "MXNet 1.9.1": Worker("seed-mxnet", "mxnet", mxpy, args.device)}
    times = {}
    try:
        for name, wk in workers.items():
            info = wk.start()
            if not info.get("ok"):
                sys.exit("%s unavailable: %s" % (name, info.get("skip")))
            print("%-12s %s on %s" % (name, info["versions"], info["device"]))
            r = wk.call({"cmd": "setup", "key": "W2", "warmup": args.warmup})
            if not r.get("ok"):
                sys.exit("%s: %s" % (name, r))
            times[name] = []
        names = list(workers)
        for i in range(args.rounds):
            for name in (names if i % 2 == 0 else names[::-1]):
                out = workers[name].call({"cmd": "time", "key": "W2", "budget_s": args.budget})
                times[name].extend(out["times"])
    finally:
        for wk in workers.values():
            wk.close()
    m = machine_info()
    print("\nW2 (record y = 2*x*x, y.backward(), 2x2) on %s, %d cores, load %s"
          % (m["cpu"], m["cores"], " ".join("%.2f" % x for x in m["loadavg_start"] or ())))
    med = {}
    for name, ts in times.items():
        med[name] = statistics.median(ts)
        print("  %-12s median %-9s min %-9s max %-9s n=%d" % (
            name, fmt_t(med[name]), fmt_t(min(ts)), fmt_t(max(ts)), len(ts)))
    speedup = med["MXNet 1.9.1"] / med["mxjax"]
    print("  mxjax is %.2fx faster than MXNet (claim: at least %.0fx): %s"
          % (speedup, CLAIM, "met" if speedup >= CLAIM else "not met"))
    return speedup


if __name__ == "__main__":
    main()
