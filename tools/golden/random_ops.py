"""Golden values for mx.nd.random / random_pdf_* / sample_*, from MXNet 1.9.1.

Run: ~/.mxref/bin/python tools/golden/random_ops.py
Writes tests/golden/random_ops.npz, read by tests/ndarray/test_random.py:

* ``pdf_*`` cases: densities ``random_pdf_<dist>`` (values and gradients for a
  random head gradient): ``meta`` (JSON), ``in_<name>``, ``out0``, ``head0``,
  ``grad_<name>``.
* ``call_*`` cases: the shape and dtype MXNet gives a sampling call (``meta`` holds
  the call as JSON; ``shape``, ``dtype``; ``nout`` for multi-output calls).
* ``multinomial_grad``: gradient of get_prob=True log-probabilities for fixed draws.
"""
import json
import os
import sys

import numpy as np
import mxnet as mx
from mxnet import nd, autograd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402


def pdf_case(dist, inputs, is_log=False, seed=0):
    rng = np.random.RandomState(seed + 7)
    arrs = {k: nd.array(v, dtype=v.dtype) for k, v in inputs.items()}
    for a in arrs.values():
        a.attach_grad()
    with autograd.record():
        out = getattr(nd, "random_pdf_" + dist)(**arrs, is_log=is_log)
    head = nd.array(rng.randn(*out.shape), dtype=out.dtype)
    out.backward(head)
    case = {"meta": np.array(json.dumps({"op": "random_pdf_" + dist, "inputs": list(inputs),
                                         "kwargs": {"is_log": is_log}}))}
    for k, v in inputs.items():
        case["in_" + k] = v
        case["grad_" + k] = arrs[k].grad.asnumpy()
    case["out0"] = out.asnumpy()
    case["head0"] = head.asnumpy()
    return case


def U(lo, hi, *shape, seed=0, dtype="float64"):
    return np.random.RandomState(seed).uniform(lo, hi, size=shape).astype(dtype)


mx.random.seed(0)  # MXNet's own draws below (multinomial, zipfian) are reproducible
C = {}
# log-densities of every law; densities (is_log=False) for three of them
for is_log in (True, False):
    s = "_log" if is_log else ""
    C["pdf_normal" + s] = pdf_case("normal", {"sample": U(-2, 2, 2, 3, 4, seed=1),
                                              "mu": U(-1, 1, 2, 3, seed=2),
                                              "sigma": U(0.5, 2, 2, 3, seed=3)}, is_log)
    C["pdf_poisson" + s] = pdf_case("poisson", {
        "sample": np.random.RandomState(12).randint(0, 6, (3, 4)).astype("float64"),
        "lam": U(0.5, 4, 3, seed=13)}, is_log)
    d = U(0.1, 1, 2, 3, 4, seed=20)
    C["pdf_dirichlet" + s] = pdf_case("dirichlet", {
        "sample": d / d.sum(-1, keepdims=True), "alpha": U(0.5, 3, 2, 4, seed=21)}, is_log)
C["pdf_uniform_log"] = pdf_case("uniform", {"sample": U(0, 1, 3, 4, seed=4),
                                            "low": U(-1, 0, 3, seed=5),
                                            "high": U(1, 2, 3, seed=6)}, True)
C["pdf_gamma_log"] = pdf_case("gamma", {"sample": U(0.1, 3, 2, 5, seed=7),
                                        "alpha": U(0.5, 3, 2, seed=8),
                                        "beta": U(0.5, 2, 2, seed=9)}, True)
C["pdf_exponential_log"] = pdf_case("exponential", {"sample": U(0, 3, 3, 4, seed=10),
                                                    "lam": U(0.5, 2, 3, seed=11)}, True)
C["pdf_negative_binomial_log"] = pdf_case("negative_binomial", {
    "sample": np.random.RandomState(14).randint(0, 6, (3, 4)).astype("float64"),
    "k": U(1, 4, 3, seed=15), "p": U(0.2, 0.8, 3, seed=16)}, True)
C["pdf_generalized_negative_binomial_log"] = pdf_case("generalized_negative_binomial", {
    "sample": np.random.RandomState(17).randint(0, 6, (3, 4)).astype("float64"),
    "mu": U(0.5, 4, 3, seed=18), "alpha": U(0.2, 1.5, 3, seed=19)}, True)
C["pdf_normal_f32_same_shape"] = pdf_case("normal", {
    "sample": U(-2, 2, 4, seed=22, dtype="float32"), "mu": U(-1, 1, 4, seed=23, dtype="float32"),
    "sigma": U(0.5, 2, 4, seed=24, dtype="float32")})
C["pdf_gamma_f32"] = pdf_case("gamma", {"sample": U(0.1, 3, 2, 3, seed=25, dtype="float32"),
                                        "alpha": U(0.5, 3, 2, seed=26, dtype="float32"),
                                        "beta": U(0.5, 2, 2, seed=27, dtype="float32")}, True)
d = U(0.1, 1, 5, 3, seed=28)
C["pdf_dirichlet_vector_alpha_f32"] = pdf_case("dirichlet", {
    "sample": (d / d.sum(-1, keepdims=True)).astype("float32"),
    "alpha": U(0.5, 3, 3, seed=29, dtype="float32")})

# -- shapes and dtypes of sampling calls -----------------------------------
N = 20000  # the tests' sample count: the same calls compile once in the test run
CALLS = [
    ("random.uniform", [], {}),
    ("random.uniform", [-1, 3], {"shape": (N,)}),
    ("random.uniform", [0, 1], {"shape": 4, "dtype": "float16"}),
    ("random.normal", [2, 3], {"shape": (N,)}),
    ("random.normal", [], {}),
    ("random.randn", [100, 200], {"loc": -1, "scale": 0.5}),
    ("random.randn", [4], {"loc": 1.0, "scale": 2.0, "dtype": "float64"}),
    ("random.gamma", [2, 3], {"shape": (N,)}),
    ("random.gamma", [0.5, 1], {"shape": (N,), "dtype": "float64"}),
    ("random.exponential", [2], {"shape": (N,)}),
    ("random.exponential", [], {}),
    ("random.poisson", [4], {"shape": (N,)}),
    ("random.negative_binomial", [3, 0.4], {"shape": (N,)}),
    ("random.negative_binomial", [], {}),
    ("random.generalized_negative_binomial", [3.0, 0.4], {"shape": (N,)}),
    ("random.generalized_negative_binomial", [2.0, 0.0], {"shape": (N,)}),
    ("random.randint", [-2, 3], {"shape": (N,)}),
    ("random.randint", [-5, 5], {}),
    ("random.randint", [0, 2 ** 40], {"shape": (1000,), "dtype": "int64"}),
    ("random_uniform", [], {"low": 0, "high": 2, "shape": (2, 2)}),
    ("random_normal", [], {"loc": 1, "scale": 2, "shape": (N,)}),
    ("random_exponential", [], {"lam": 4.0, "shape": (N,)}),
    ("random_poisson", [], {"lam": 4, "shape": (N,)}),
    ("random_randint", [], {"low": 5, "high": 6, "shape": (4,)}),
    ("uniform", [], {"low": 1, "high": 2, "shape": (3,), "dtype": "float64"}),
    ("normal", [], {"shape": (N,)}),
]
BASE = np.zeros((100, 200), "float64")


def f32(x):
    return np.asarray(x, dtype="float32")


PROBS = np.array([[0.1, 0.2, 0.3, 0.4], [0.5, 0.0, 0.25, 0.25]], "float32")
ND_CALLS = [  # the first arguments are NDArrays given as numpy arrays
    ("random.uniform", [f32([0., 5.]), f32([1., 7.])], {"shape": N}),
    ("random.uniform", [f32(np.zeros((2, 3))), f32(np.ones((2, 3)))], {}),
    ("random.normal", [f32([0., 0.]), f32([1., 1.])], {"shape": (3, 4), "dtype": "float64"}),
    ("random.randn", [3], {"loc": f32([0., 0.]), "scale": f32([1., 1.])}),
    ("random.gamma", [f32([2., 0.5]), f32([3., 1.])], {"shape": (N,)}),
    ("random.exponential", [f32([2.])], {"shape": (N,)}),
    ("sample_uniform", [np.zeros((2,), "float64"), np.ones((2,), "float64")], {"shape": 3}),
    ("sample_normal", [np.zeros((2,), "float16"), np.ones((2,), "float16")],
     {"shape": (3,), "dtype": "float16"}),
    ("sample_normal", [f32([0., 10.]), f32([1., 0.5])], {"shape": (N,)}),
    ("sample_gamma", [f32(np.ones((2, 2))), f32(np.ones((2, 2)))], {}),
    ("sample_exponential", [f32([4.])], {"shape": (N,)}),
    ("sample_poisson", [f32([3.])], {"shape": (N,)}),
    ("sample_poisson", [np.ones((2,), "int32")], {"shape": (2,)}),
    ("sample_negative_binomial", [f32([2.5]), f32([0.4])], {"shape": (N,)}),
    ("sample_generalized_negative_binomial", [f32([2.]), f32([0.5])], {"shape": (N,)}),
    ("random.uniform_like", [BASE], {"low": 2, "high": 4}),
    ("random.normal_like", [BASE], {"loc": 1, "scale": 2}),
    ("random.normal_like", [np.zeros((3,), "float16")], {}),
    ("random.gamma_like", [BASE], {"alpha": 2, "beta": 0.5}),
    ("random.exponential_like", [BASE], {"lam": 2}),
    ("random.poisson_like", [BASE], {"lam": 3}),
    ("random.negative_binomial_like", [BASE], {"k": 3, "p": 0.4}),
    ("random.generalized_negative_binomial_like", [BASE], {"mu": 2, "alpha": 0.5}),
    ("random.multinomial", [PROBS], {"shape": (N,)}),
    ("random.multinomial", [f32([0.2, 0.8])], {}),
    ("random.multinomial", [f32([0.2, 0.8])], {"shape": (3,)}),
    ("random.multinomial", [f32([0.2, 0.8])], {"get_prob": True}),
    ("random.multinomial", [np.array([[0.2, 0.8], [0.5, 0.5]], "float64")],
     {"shape": (3, 2), "get_prob": True, "dtype": "float32"}),
    ("random.multinomial", [np.array([[0.2, 0.8]], "float16")], {"get_prob": True,
                                                                  "dtype": "uint8"}),
    ("sample_multinomial", [f32(np.ones((2, 3, 4)) / 4)], {"shape": (5,)}),
    ("random.shuffle", [f32(np.arange(60.).reshape(20, 3))], {}),
    ("random.shuffle", [np.arange(10, dtype="int32")], {}),
    ("shuffle", [f32(np.arange(60.).reshape(20, 3))], {}),
]


def _fn(name):
    f = nd
    for part in name.split("."):
        f = getattr(f, part)
    return f


def _conv(v):
    return nd.array(v, dtype=v.dtype) if isinstance(v, np.ndarray) else v


def _jsonable(v):
    if isinstance(v, np.ndarray):
        return {"nd": v.tolist(), "dtype": v.dtype.name}
    return v


for i, (name, args, kwargs) in enumerate(CALLS + ND_CALLS):
    out = _fn(name)(*[_conv(a) for a in args], **{k: _conv(v) for k, v in kwargs.items()})
    outs = out if isinstance(out, (list, tuple)) else [out]
    case = {"meta": np.array(json.dumps({"fn": name, "args": [_jsonable(a) for a in args],
                                         "kwargs": {k: _jsonable(v)
                                                    for k, v in kwargs.items()}}))}
    case["nout"] = np.array(len(outs) if isinstance(out, (list, tuple)) else 0)
    for j, o in enumerate(outs):
        case["shape%d" % j] = np.array(o.shape, dtype=np.int64)
        case["dtype%d" % j] = np.array(np.dtype(o.dtype).name)
    C["call_%02d_%s" % (i, name.replace(".", "_"))] = case

# -- multinomial log-probability gradient ------------------------------------
p = nd.array([[0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.4, 0.1]], dtype="float64")
p.attach_grad()
with autograd.record():
    s, lp = nd.random.multinomial(p, shape=(6,), get_prob=True)
head = nd.array(np.random.RandomState(30).randn(2, 6), dtype="float64")
lp.backward(head)
C["multinomial_grad"] = {"data": p.asnumpy(), "sample": s.asnumpy(), "logp": lp.asnumpy(),
                         "head": head.asnumpy(), "grad": p.grad.asnumpy()}

# -- _sample_unique_zipfian: statistics of MXNet's draws ---------------------
samples, trials = nd._internal._sample_unique_zipfian(20, shape=(20000, 5))
C["zipfian_stats"] = {
    "samples_dtype": np.array(np.dtype(samples.dtype).name),
    "trials_dtype": np.array(np.dtype(trials.dtype).name),
    "mean_trials": np.array(trials.asnumpy().mean()),
    "inclusion": np.bincount(samples.asnumpy().ravel(), minlength=20) / 20000.0}

save("random_ops", C)
