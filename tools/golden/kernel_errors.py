"""Run-time (kernel) errors under real MXNet 1.9.1: when an operator whose check runs in
the kernel fails, which later reads and ``waitall`` calls raise (tests/core/test_failure.py).

    ~/.mxref/bin/python tools/golden/kernel_errors.py

Each scenario is a list of steps run in order with the module ``mx`` (the test passes
mxjax); the outcome of each step is "ok" or "raised" (an MXNetError), stored in
tests/golden/kernel_errors.json.
"""
import gc
import json
import os
import sys


def scenarios(mx):
    """{name: [(step name, callable)]}; the callables share one dict of arrays."""
    def bad(shape=(2, 2)):
        return mx.nd.random.normal(0, -1, shape)

    env = {}

    def put(**kw):
        env.update(kw)

    def forget(*names):
        for n in names:
            env.pop(n, None)
        gc.collect()

    def read(name):
        return lambda: env[name].asnumpy()

    def settle():  # leave nothing pending from an earlier scenario
        try:
            mx.nd.waitall()
        except mx.base.MXNetError:
            pass
        env.clear()

    samplers = {
        "normal": lambda: mx.nd.random.normal(0, -1, (2, 2)),
        "uniform": lambda: mx.nd.random.uniform(1, 0, (2, 2)),
        "gamma": lambda: mx.nd.random.gamma(-1, 1, (2, 2)),
        "exponential": lambda: mx.nd.random.exponential(-1, (2, 2)),
        "poisson": lambda: mx.nd.random.poisson(-1, (2, 2)),
        "randint": lambda: mx.nd.random.randint(5, 2, (2,)),
        "negative_binomial": lambda: mx.nd.random.negative_binomial(-1, 0.5, (2,)),
        "normal_like": lambda: mx.nd.random.normal_like(mx.nd.ones((2,)), 0, -1),
    }
    out = {}
    for name, make in samplers.items():
        out["sampler_" + name] = [
            ("settle", settle),
            ("call", lambda make=make: put(a=make())),
            ("compute from it", lambda: put(b=env["a"] + 1)),
            ("read the result", read("b")),
            ("read the sample", read("a")),
            ("waitall", mx.nd.waitall),
        ]
    out["waitall_twice"] = [
        ("settle", settle), ("call", lambda: put(a=bad())),
        ("waitall", mx.nd.waitall), ("waitall", mx.nd.waitall), ("read", read("a"))]
    out["dropped_arrays_still_raise_at_waitall"] = [
        ("settle", settle), ("call", lambda: put(a=mx.nd.dot(bad(), bad()))),
        ("drop", lambda: forget("a")), ("waitall", mx.nd.waitall), ("waitall", mx.nd.waitall)]
    out["one_raise_forgets_the_others"] = [
        ("settle", settle), ("first", lambda: put(a=bad())), ("second", lambda: put(b=bad())),
        ("read second", read("b")), ("read first", read("a")), ("waitall", mx.nd.waitall)]
    out["copies_and_rows_fail_too"] = [
        ("settle", settle), ("copy", lambda: put(c=bad().copyto(mx.cpu()))),
        ("rows", lambda: put(r0=env["c"][0], r1=env["c"][1])),
        ("read row 0", read("r0")), ("read row 1", read("r1")), ("waitall", mx.nd.waitall)]
    out["copyto_an_array"] = [
        ("settle", settle), ("target", lambda: put(t=mx.nd.zeros((2, 2)))),
        ("copyto", lambda: bad().copyto(env["t"])), ("read target", read("t")),
        ("waitall", mx.nd.waitall)]
    out["out_argument"] = [
        ("settle", settle), ("target", lambda: put(t=mx.nd.zeros((2, 2)))),
        ("exp into out", lambda: mx.nd.exp(bad(), out=env["t"])), ("read target", read("t"))]
    out["shape_errors_still_raise_at_the_call"] = [
        ("settle", settle), ("call", lambda: put(a=bad((2, 3)))),
        ("dot of wrong shapes", lambda: mx.nd.dot(env["a"], env["a"])),
        ("waitall", mx.nd.waitall)]
    out["recorded"] = [
        ("settle", settle),
        ("record", lambda: put(y=_recorded(mx, bad))), ("read", read("y")),
        ("waitall", mx.nd.waitall)]
    out["gluon_dense"] = [
        ("settle", settle), ("net", lambda: put(net=_dense(mx))),
        ("forward", lambda: put(z=env["net"](bad((4, 3))))),
        ("wait_to_read", lambda: env["z"].wait_to_read()), ("waitall", mx.nd.waitall)]
    out["gluon_hybridized"] = [
        ("settle", settle), ("net", lambda: put(net=_dense(mx, hybridize=True))),
        ("forward", lambda: put(z=env["net"](bad((4, 3))))),
        ("read", read("z")), ("waitall", mx.nd.waitall)]
    return out


def _recorded(mx, bad):
    with mx.autograd.record():
        x = bad()
        return x * 2


def _dense(mx, hybridize=False):
    net = mx.gluon.nn.HybridSequential()
    net.add(mx.gluon.nn.Dense(5, activation="tanh", in_units=3), mx.gluon.nn.Dense(2))
    net.initialize()
    if hybridize:
        net.hybridize()
    return net


def outcome(mx, steps):
    """[[step, "ok" | "raised"], ...] of running ``steps`` in order (the first, settling
    step left out: it is not part of the scenario)."""
    out = []
    for step, fn in steps:
        try:
            fn()
            out.append([step, "ok"])
        except mx.base.MXNetError:
            out.append([step, "raised"])
    return out[1:]


def run(mx):
    """{scenario: [[step, "ok" | "raised"], ...]}"""
    return {name: outcome(mx, steps) for name, steps in scenarios(mx).items()}


if __name__ == "__main__":
    import mxnet
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "tests", "golden", "kernel_errors.json")
    with open(path, "w") as handle:
        json.dump({"mxnet": mxnet.__version__, "results": run(mxnet)}, handle, indent=1)
    sys.stdout.write("wrote %s\n" % path)
