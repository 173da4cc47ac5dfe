"""First-call time of the GluonCV and GluonNLP models of tests/clients/ (issue 14): mxjax
(through the mxnet alias) against real MXNet 1.9.1, each model, framework and mode in a
fresh process.

Usage::

    python bench/clients_first_call.py                  # prints a Markdown table, writes JSON
    python bench/clients_first_call.py --models resnet18_v1 bert --out /tmp/first.json

Each process constructs the model as the tests do (tests/clients_cv_cases.py,
tests/clients_nlp_cases.py: the same small inputs), ``initialize()``s it (default
initialiser) and times, in predict mode, the first forward call (deferred parameter
initialisation; mxjax: graph building, and XLA compilation with an empty compile cache,
``MXJAX_CACHE_DIR`` a new directory) and the second, each up to the outputs'
``asnumpy()``. "imperative" calls the network as constructed, "hybridized" after
``hybridize()`` (before the first call). MXNet runs with its defaults (oneDNN on). Needs GluonCV and GluonNLP
installed for ``python3`` and for ``~/.mxref/bin/python``.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MXNET_PYTHON = os.path.expanduser("~/.mxref/bin/python")
CV = ["cifar_resnet20_v1", "resnet18_v1", "resnet50_v1b", "mobilenetv2_1.0", "densenet121",
      "inceptionv3", "ssd_512_resnet50_v1_voc", "yolo3_darknet53_voc",
      "faster_rcnn_resnet50_v1b_voc", "fcn_resnet50_voc"]
NLP = ["bert", "lstm_lm", "transformer_encoder"]

CHILD = r"""
import json, sys, time
t0 = time.time()
if sys.argv[1] == "mxjax":
    import mxjax
    mxjax.install_mxnet_alias()
import mxnet as mx
sys.path.insert(0, sys.argv[4])
name, hybridize = sys.argv[2], sys.argv[3] == "1"
if name in ("bert", "lstm_lm", "transformer_encoder"):
    import gluonnlp
    from clients_nlp_cases import build
    net, inputs, _ = build(mx, gluonnlp, name)
else:
    import gluoncv
    from clients_cv_cases import construct
    net, x = construct(mx, gluoncv, name)
    inputs = [x]
net.initialize()
if hybridize:
    net.hybridize()
def flat(o):
    return [a for b in o for a in flat(b)] if isinstance(o, (list, tuple)) else [o]
times = {"setup_s": time.time() - t0}
for k in ("first_s", "second_s"):
    t = time.time()
    with mx.autograd.predict_mode():
        outs = flat(net(*inputs))
    for o in outs:
        o.asnumpy()
    times[k] = time.time() - t
print("RESULT " + json.dumps(times))
"""


def run_one(framework, name, hybridize, timeout):
    """{setup_s, first_s, second_s} of one fresh process, or {error}."""
    python = sys.executable if framework == "mxjax" else MXNET_PYTHON
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="mxjax-first-call-") as cache:
        env["MXJAX_CACHE_DIR"] = cache
        try:
            r = subprocess.run([python, "-c", CHILD, framework, name, "1" if hybridize else "0",
                                os.path.join(ROOT, "tests")], capture_output=True, text=True,
                               timeout=timeout, env=env, cwd=ROOT)
        except subprocess.TimeoutExpired:
            return {"error": "timeout %d s" % timeout}
    for line in r.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    return {"error": (r.stderr.strip().splitlines() or ["exit %d" % r.returncode])[-1]}


def _cell(res):
    if "error" in res:
        return res["error"]
    return "%.1f (%.2f)" % (res["first_s"], res["second_s"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", nargs="*", default=CV + NLP)
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "clients_first_call.json"))
    args = ap.parse_args()
    results = {}
    for name in args.models:
        for framework in ("mxjax", "mxnet"):
            for hybridize in (False, True):
                t = time.time()
                res = run_one(framework, name, hybridize, args.timeout)
                results["%s/%s/%s" % (name, framework, "hybridized" if hybridize else
                                      "imperative")] = res
                print("%-30s %-6s %-10s %s  [%.0f s]" % (name, framework, "hybrid" if hybridize
                                                         else "imper", res, time.time() - t),
                      file=sys.stderr, flush=True)
                with open(args.out, "w") as f:
                    json.dump(results, f, indent=1)
    print("| model | mxjax imperative | mxjax hybridized | MXNet imperative | MXNet hybridized |")
    print("|---|---:|---:|---:|---:|")
    for name in args.models:
        cells = [_cell(results["%s/%s/%s" % (name, fw, mode)])
                 for fw in ("mxjax", "mxnet") for mode in ("imperative", "hybridized")]
        print("| %s | %s |" % (name, " | ".join(cells)))


if __name__ == "__main__":
    main()
