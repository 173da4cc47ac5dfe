"""mxjax.convert: MXNet checkpoints -> a pure JAX function and a jax.export artifact that
runs without mxjax (MXNet-written checkpoints from tools/golden/symbol.py)."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import jax
import jax.numpy as jnp

import mxjax as mx
from mxjax import convert
from mxjax.base import MXNetError
import golden_utils

try:
    import flatbuffers  # noqa: F401  (jax.export's serializer)
    HAVE_FLATBUFFERS = True
except ImportError:
    HAVE_FLATBUFFERS = False
needs_serializer = pytest.mark.skipif(not HAVE_FLATBUFFERS,
                                      reason="jax.export serialization needs flatbuffers")

GOLDEN = golden_utils.load("symbol")
FILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden", "symbol")
MODELS = {"mlp": ["data"], "lenet": ["data"], "lstm": ["data0", "data1", "data2"]}

# Runs in a fresh interpreter that has jax and numpy but must never import mxjax.
RUNNER = r"""
import json, sys
import numpy as np
import jax
stem, out = sys.argv[1], sys.argv[2]
meta = json.load(open(stem + ".json"))
exp = jax.export.deserialize(bytearray(open(stem + ".bin", "rb").read()))
params = dict(np.load(stem + ".params.npz"))
xs = [np.load("%s.in%d.npy" % (stem, i)) for i in range(len(meta["inputs"]))]
res = exp.call(params, *xs)
res = res if isinstance(res, (list, tuple)) else [res]
np.savez(out, *[np.asarray(r) for r in res])
assert not any(m == "mxjax" or m.startswith("mxjax.") for m in sys.modules), "imported mxjax"
print("ok", [r.shape for r in res])
"""


def _files(name):
    return (os.path.join(FILES, name + "-symbol.json"), os.path.join(FILES, name + "-0000.params"))


def _inputs(name):
    g = GOLDEN["export_" + name]
    return [g["x"]] + [np.zeros((2, 2, 8), np.float32) for _ in MODELS[name][1:]]


def _run_without_mxjax(stem, xs, tmp_path):
    for i, x in enumerate(xs):
        np.save("%s.in%d.npy" % (stem, i), x)
    script = os.path.join(str(tmp_path), "runner.py")
    with open(script, "w") as f:
        f.write(RUNNER)
    out = os.path.join(str(tmp_path), "out.npz")
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    proc = subprocess.run([sys.executable, script, stem, out], capture_output=True, text=True,
                          env=env, cwd=str(tmp_path), timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    res = np.load(out)
    return [res["arr_%d" % i] for i in range(len(res.files))]


@pytest.mark.parametrize("name", sorted(MODELS))
def test_function_matches_mxnet(name):
    sym_file, param_file = _files(name)
    apply, params = convert.load_checkpoint_function(sym_file, param_file)
    assert apply.input_names == MODELS[name]
    assert all(isinstance(v, jax.Array) for v in params.values())
    out = jax.jit(apply)(params, *_inputs(name))
    out = out[0] if isinstance(out, tuple) else out
    golden_utils.assert_matches(np.asarray(out), GOLDEN["export_" + name]["out"], rtol=1e-5,
                                atol=1e-5)


@needs_serializer
@pytest.mark.parametrize("name", sorted(MODELS))
def test_artifact_runs_without_mxjax(name, tmp_path):
    sym_file, param_file = _files(name)
    xs = _inputs(name)
    shapes = {n: x.shape for n, x in zip(MODELS[name], xs)}
    paths = convert.export_checkpoint(sym_file, param_file, shapes, str(tmp_path))
    meta = json.load(open(paths["meta"]))
    assert [i["name"] for i in meta["inputs"]] == MODELS[name]
    assert "stablehlo." in open(paths["mlir"]).read()
    stem = paths["bin"][:-len(".bin")]
    res = _run_without_mxjax(stem, xs, tmp_path)
    # equal to mxjax's own forward of the imported model, and to MXNet's output
    net = mx.gluon.SymbolBlock.imports(sym_file, MODELS[name], param_file)
    mine = net(*[mx.nd.array(x) for x in xs])
    mine = mine if isinstance(mine, (list, tuple)) else [mine]
    assert len(res) == len(mine)
    for r, m in zip(res, mine):
        np.testing.assert_allclose(r, m.asnumpy(), rtol=1e-5, atol=1e-6)
    golden_utils.assert_matches(res[0], GOLDEN["export_" + name]["out"], rtol=1e-5, atol=1e-5)


@needs_serializer
def test_command_line_dynamic_batch(tmp_path):
    sym_file, param_file = _files("lenet")
    proc = subprocess.run([sys.executable, "-m", "mxjax.convert", sym_file, param_file,
                           "--input-shape", "data:1,1,28,28", "--dynamic-batch",
                           "--out", str(tmp_path), "--name", "lenet_dyn"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "wrote" in proc.stdout and "data float32[b,1,28,28]" in proc.stdout
    x = GOLDEN["export_lenet"]["x"]  # batch 2, exported for any batch
    res = _run_without_mxjax(os.path.join(str(tmp_path), "lenet_dyn"), [x], tmp_path)
    golden_utils.assert_matches(res[0], GOLDEN["export_lenet"]["out"], rtol=1e-5, atol=1e-5)
    res = _run_without_mxjax(os.path.join(str(tmp_path), "lenet_dyn"), [x[:1]], tmp_path)
    golden_utils.assert_matches(res[0], GOLDEN["export_lenet"]["out"][:1], rtol=1e-5,
                                atol=1e-5)


@needs_serializer
def test_module_checkpoint_with_softmax_output_head(tmp_path):
    """A Module checkpoint: the loss head's label is not an input (fed zeros)."""
    data = mx.sym.var("data")
    h = mx.sym.Convolution(data, kernel=(3, 3), num_filter=4, name="c1")
    h = mx.sym.BatchNorm(h, name="bn")
    h = mx.sym.FullyConnected(mx.sym.Activation(h, act_type="relu"), num_hidden=3, name="fc")
    mod = mx.mod.Module(mx.sym.SoftmaxOutput(h, name="softmax"))
    mod.bind([("data", (2, 1, 6, 6))], [("softmax_label", (2,))], for_training=False)
    mod.init_params(mx.init.Xavier())
    prefix = os.path.join(str(tmp_path), "tiny")
    mod.save_checkpoint(prefix, 3)
    x = np.random.RandomState(0).uniform(-1, 1, (2, 1, 6, 6)).astype(np.float32)
    mod.forward(mx.io.DataBatch([mx.nd.array(x)]), is_train=False)
    expected = mod.get_outputs()[0].asnumpy()
    apply, params = convert.load_checkpoint_function(prefix + "-symbol.json",
                                                     prefix + "-0003.params")
    assert apply.input_names == ["data"]
    assert sorted(params) == sorted(list(mod.get_params()[0]) + list(mod.get_params()[1]))
    np.testing.assert_allclose(np.asarray(jax.jit(apply)(params, x)), expected, rtol=1e-5,
                               atol=1e-6)
    # the parameter pytree is differentiable
    g = jax.grad(lambda p: apply(p, x)[:, 0].sum())(params)
    assert float(jnp.abs(g["fc_weight"]).sum()) > 0
    paths = convert.export_checkpoint(prefix + "-symbol.json", prefix + "-0003.params",
                                      {"data": x.shape}, str(tmp_path))
    res = _run_without_mxjax(paths["bin"][:-4], [x], tmp_path)
    np.testing.assert_allclose(res[0], expected, rtol=1e-5, atol=1e-6)


def test_functionalize_on_symbol_block():
    sym_file, param_file = _files("lenet")
    net = mx.gluon.SymbolBlock.imports(sym_file, ["data"], param_file)
    x = GOLDEN["export_lenet"]["x"]
    pure = mx.functionalize(net)
    out = jax.jit(pure)(jnp.asarray(x))
    golden_utils.assert_matches(np.asarray(out), GOLDEN["export_lenet"]["out"], rtol=1e-5,
                                atol=1e-5)
    # gradient with respect to the input, against a central difference
    f = lambda a: pure(a).sum()  # noqa: E731
    grad = np.asarray(jax.grad(f)(jnp.asarray(x)))
    e = np.zeros_like(x)
    e[0, 0, 10, 10] = 1e-2
    num = (float(f(jnp.asarray(x + e))) - float(f(jnp.asarray(x - e)))) / 2e-2
    assert abs(grad[0, 0, 10, 10] - num) < 1e-2 * max(1.0, abs(num))


def test_errors(tmp_path):
    sym_file, param_file = _files("mlp")
    with pytest.raises(MXNetError, match="images is not an input of the symbol"):
        convert.load_checkpoint_function(sym_file, param_file, ["images"])
    with pytest.raises(MXNetError, match="data1"):
        convert.load_checkpoint_function(*_files("lstm"), input_names=["data0"])
    with pytest.raises(MXNetError, match="give the shape"):
        convert.export_checkpoint(sym_file, param_file, {}, str(tmp_path))
    # a parameter missing from the file is named
    loaded = mx.nd.load(param_file)
    first = sorted(loaded)[0]
    del loaded[first]
    broken = os.path.join(str(tmp_path), "broken-0000.params")
    mx.nd.save(broken, loaded)
    with pytest.raises(MXNetError, match=first.split(":", 1)[1]):
        convert.load_checkpoint_function(sym_file, broken)
    assert convert.main([sym_file, param_file]) == 2  # no --input-shape
