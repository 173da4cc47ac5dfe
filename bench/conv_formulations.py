"""Micro-benchmark: XLA:CPU formulations of ResNet's 3x3, stride-1 convolutions against
MXNet 1.9.1's own ``Convolution`` (issue 13 item 6, issue 14 item 4).

Usage::

    python bench/conv_formulations.py                    # all shapes, prints a markdown table
    python bench/conv_formulations.py --shapes 64x56,128x28 --n 5 --cpu 1

For each shape (``CxS``: C input = output channels, SxS input, padding 1, batch ``--batch``)
one mxjax process and then one MXNet process run, alternating shape by shape, each pinned
to one CPU (``taskset -c CPU``) with one thread (``OMP_NUM_THREADS=1`` etc.;
``XLA_FLAGS=--xla_cpu_multi_thread_eigen=false``, as
``bench/zoo_bench.py``). Timed, as process CPU time (others' work on the same core does not
inflate it) and wall time, median of ``--n`` calls after two warm-up calls, the forms
alternating call by call:

* ``lax_nchw`` / ``lax_nhwc``: ``lax.conv_general_dilated`` on MXNet's ``(O, C, 3, 3)``
  weight with NCHW data, and on ``(O, 3, 3, C)`` with NHWC data;
* ``wg2_*`` / ``wg4_*``: Winograd F(2x2, 3x3) / F(4x4, 3x3)
  (``mxjax/ndarray/ops/_winograd_conv.py``), NCHW and NHWC;
* ``mxnet``: ``mx.nd.Convolution`` (NCHW, oneDNN), forward in predict mode, and
  ``autograd.record`` forward + ``backward`` with a head gradient.

``fwd`` is a jitted forward; ``fwdbwd`` a jitted ``jax.vjp`` that returns the output and
the data and weight gradients (MXNet: record, backward, wait for both gradients).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHAPES = ["64x56", "128x28", "256x14", "512x7", "64x28", "128x14", "256x7", "512x4"]
FORMS = ["lax_nchw", "lax_nhwc", "wg2_nchw", "wg2_nhwc", "wg4_nchw", "wg4_nhwc"]


def _timed(fn):
    c, t = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - c, time.perf_counter() - t


def worker_mxjax(chans, size, batch, n, forms):
    sys.path.insert(0, ROOT)
    import jax
    import numpy as np
    from jax import lax
    from mxjax.ndarray.ops._winograd_conv import winograd_conv

    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, chans, size, size)).astype(np.float32)
    w = (rng.standard_normal((chans, chans, 3, 3)) * 0.05).astype(np.float32)
    gy = rng.standard_normal((batch, chans, size, size)).astype(np.float32)
    data = {False: (jax.device_put(x), jax.device_put(w), jax.device_put(gy)),
            True: (jax.device_put(x.transpose(0, 2, 3, 1)),
                   jax.device_put(w.transpose(0, 2, 3, 1)),
                   jax.device_put(gy.transpose(0, 2, 3, 1)))}

    def make(form):
        kind, layout = form.split("_")
        cl = layout == "nhwc"
        if kind == "lax":
            dn = ("NHWC", "OHWI", "NHWC") if cl else ("NCHW", "OIHW", "NCHW")

            def f(a, b):
                return lax.conv_general_dilated(a, b, (1, 1), [(1, 1), (1, 1)],
                                                dimension_numbers=dn)
        else:
            tile = int(kind[2])

            def f(a, b):
                return winograd_conv(a, b, kernel=(3, 3), stride=(1, 1), dilate=(1, 1),
                                     pad=(1, 1), num_group=1, channel_last=cl,
                                     out_sizes=(size, size), tile=tile)

        def fb(a, b, g):
            y, vjp = jax.vjp(f, a, b)
            return (y,) + vjp(g)
        a, b, g = data[cl]
        jf, jfb = jax.jit(f), jax.jit(fb)
        return (lambda: jf(a, b).block_until_ready(),
                lambda: jax.block_until_ready(jfb(a, b, g)))

    calls = {}
    for form in forms:
        fwd, fwdbwd = make(form)
        calls[(form, "fwd")], calls[(form, "fwdbwd")] = fwd, fwdbwd
    return _alternate(calls, n)


def _alternate(calls, n):
    """``n`` timings of each call after 2 warm-up rounds, the calls alternating round by round."""
    times = {k: [] for k in calls}
    for i in range(n + 2):
        for k, fn in calls.items():
            t = _timed(fn)
            if i >= 2:
                times[k].append(t)
    return {"%s/%s" % k: v for k, v in times.items()}


def worker_mxnet(chans, size, batch, n):
    import mxnet as mx
    import numpy as np
    from mxnet import autograd

    rng = np.random.default_rng(0)
    x = mx.nd.array(rng.standard_normal((batch, chans, size, size)))
    w = mx.nd.array(rng.standard_normal((chans, chans, 3, 3)) * 0.05)
    gy = mx.nd.array(rng.standard_normal((batch, chans, size, size)))
    x.attach_grad()
    w.attach_grad()
    kw = dict(kernel=(3, 3), pad=(1, 1), num_filter=chans, no_bias=True)

    def fwd():
        mx.nd.Convolution(x, w, **kw).wait_to_read()

    def fwdbwd():
        with autograd.record():
            y = mx.nd.Convolution(x, w, **kw)
        y.backward(gy)
        x.grad.wait_to_read()
        w.grad.wait_to_read()

    calls = {("mxnet", "fwd"): fwd, ("mxnet", "fwdbwd"): fwdbwd}
    return _alternate(calls, n)


def run_worker(impl, shape, args):
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1", MXNET_CPU_WORKER_NTHREADS="1")
    if impl == "mxjax":
        python = sys.executable
        env["XLA_FLAGS"] = (env.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false").strip()
    else:
        python = os.path.expanduser(args.mxnet_python)
    cmd = ["taskset", "-c", str(args.cpu), python, os.path.abspath(__file__), "--worker",
           impl, "--shapes", shape, "--batch", str(args.batch), "--n", str(args.n),
           "--forms", ",".join(args.forms)]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=env,
                          timeout=args.timeout)
    if proc.returncode:
        return {"error": "rc %d" % proc.returncode}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--forms", type=lambda s: s.split(","), default=FORMS)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--n", type=int, default=5)
    ap.add_argument("--cpu", type=int, default=1)
    ap.add_argument("--timeout", type=int, default=1200)
    ap.add_argument("--worker", default=None)
    ap.add_argument("--mxnet-python", default=os.environ.get("MXNET_PYTHON",
                                                             "~/.mxref/bin/python"))
    ap.add_argument("--json", default=None, help="also write the raw figures here")
    args = ap.parse_args(argv)
    shapes = [tuple(int(v) for v in s.split("x")) for s in args.shapes.split(",")]
    if args.worker:
        chans, size = shapes[0]
        if args.worker == "mxjax":
            res = worker_mxjax(chans, size, args.batch, args.n, args.forms)
        else:
            res = worker_mxnet(chans, size, args.batch, args.n)
        print(json.dumps(res))
        return
    cols = list(args.forms) + ["mxnet"]
    raw = {}
    print("| C x S (batch %d) | measure | %s |" % (args.batch, " | ".join(cols)))
    print("|---|---|%s" % ("---:|" * len(cols)))
    for chans, size in shapes:
        shape = "%dx%d" % (chans, size)
        res = {}
        for impl in ("mxjax", "mxnet"):
            res.update(run_worker(impl, shape, args))
        raw[shape] = res
        for meas in ("fwd", "fwdbwd"):
            cells = []
            for form in cols:
                v = res.get("%s/%s" % (form, meas))
                if not v:
                    cells.append("—")
                    continue
                cpu = statistics.median(t[0] for t in v) * 1e3
                wall = statistics.median(t[1] for t in v) * 1e3
                cells.append("%.0f (%.0f)" % (cpu, wall))
            print("| %s | %s | %s |" % (shape, meas, " | ".join(cells)), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(raw, f, indent=1)


if __name__ == "__main__":
    main()
