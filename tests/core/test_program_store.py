"""The program store: a fused training step kept on disk is loaded by a later run (a
fresh process on the same cache folder) without tracing it, and gives the same values;
whatever fixes the program is part of its key."""
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import jax

from mxjax.core import background, program_store
from mxjax.core.program_store import PREFIX

HERE = os.path.dirname(os.path.abspath(__file__))

_TRAIN = textwrap.dedent("""
    import json, sys
    import numpy as np
    import mxjax as mx
    from mxjax import autograd, engine, gluon, nd
    act, momentum, custom = sys.argv[1], float(sys.argv[2]), sys.argv[3] == "custom"
    if custom:
        sys.path.insert(0, sys.argv[4])
        from custom_op_defs import define
        define(mx)
    net = gluon.nn.HybridSequential()
    net.add(gluon.nn.Dense(8, activation=act), gluon.nn.Dense(3))
    net.initialize(mx.init.Xavier())
    net(nd.ones((4, 5)))
    rs = np.random.RandomState(0)
    for p in net.collect_params().values():
        p.set_data(nd.array(rs.uniform(-0.5, 0.5, p.shape)))
    net.hybridize()
    trainer = gluon.Trainer(net.collect_params(), "sgd",
                            {"learning_rate": 0.1, "momentum": momentum})
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    rs = np.random.RandomState(1)
    for _ in range(3):
        x = nd.array(rs.uniform(-1, 1, (4, 5)))
        y = nd.array(rs.randint(0, 3, 4))
        with autograd.record():
            out = net(x)
            if custom:
                out = nd.Custom(out, op_type="t_sqr")
            loss = loss_fn(out, y)
        loss.backward()
        trainer.step(4)
    stats = engine.stats()
    print(json.dumps({"weights": [p.data().asnumpy().tolist()
                                  for p in net.collect_params().values()],
                      "loads": stats["stored_program_loads"],
                      "kept": stats["stored_programs"],
                      "fused": stats["fused_steps"],
                      "compiles": trainer.optimizer.num_compiles}))
""")


def train(folder, act="relu", momentum=0.9, custom=False, store="1", background="0"):
    """One run in a fresh process with its compile caches in ``folder``."""
    env = dict(os.environ, MXJAX_CACHE_DIR=str(folder), MXJAX_PROGRAM_STORE=store,
               MXJAX_BACKGROUND_COMPILE=background)
    out = subprocess.run([sys.executable, "-c", _TRAIN, act, str(momentum),
                          "custom" if custom else "plain", os.path.dirname(HERE)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    got["weights"] = [np.array(w, np.float32) for w in got["weights"]]
    return got


def stored(folder):
    return sorted(f for f in os.listdir(folder) if f.startswith(PREFIX))


def test_a_later_run_loads_the_fused_step_without_tracing_it(tmp_path):
    first = train(tmp_path)
    assert first["fused"] == 3 and first["kept"] == 1 and first["loads"] == 0, first
    assert first["compiles"] == 1 and len(stored(tmp_path)) == 1
    again = train(tmp_path)
    assert again["loads"] == 1 and again["fused"] == 3 and again["kept"] == 0, again
    assert again["compiles"] == 0                      # the fused step was never traced
    for a, b in zip(first["weights"], again["weights"]):
        np.testing.assert_array_equal(a, b)
    without = train(tmp_path / "off", store="0")
    assert without["loads"] == 0 and without["kept"] == 0 and without["compiles"] == 1
    assert not os.path.exists(tmp_path / "off") or stored(tmp_path / "off") == []
    for a, b in zip(first["weights"], without["weights"]):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("change", [dict(momentum=0.5), dict(act="tanh")])
def test_what_fixes_the_program_is_in_its_key(tmp_path, change):
    train(tmp_path)
    # an optimizer setting, or the hybridized forward (same shapes, another jaxpr)
    got = train(tmp_path, **change)
    assert got["loads"] == 0 and got["compiles"] == 1 and got["kept"] == 1, got
    assert len(stored(tmp_path)) == 2
    again = train(tmp_path, **change)
    assert again["loads"] == 1
    for a, b in zip(got["weights"], again["weights"]):
        np.testing.assert_array_equal(a, b)


def test_a_step_compiled_in_the_background_is_kept_too(tmp_path):
    first = train(tmp_path, background="1")    # steps run unfused until it is compiled
    assert first["loads"] == 0
    assert len(stored(tmp_path)) == 1          # kept by the compiling thread (at exit)
    again = train(tmp_path)
    assert again["loads"] == 1 and again["compiles"] == 0 and again["fused"] == 3, again
    for a, b in zip(first["weights"], again["weights"]):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_a_damaged_entry_is_compiled_again(tmp_path):
    first = train(tmp_path)
    (name,) = stored(tmp_path)
    with open(os.path.join(str(tmp_path), name), "wb") as f:
        f.write(b"not a program")
    got = train(tmp_path)
    assert got["loads"] == 0 and got["compiles"] == 1
    for a, b in zip(first["weights"], got["weights"]):
        np.testing.assert_array_equal(a, b)


def test_a_custom_operator_is_never_stored(tmp_path):
    got = train(tmp_path, custom=True)
    assert got["fused"] == 3 and got["kept"] == 0, got
    assert stored(tmp_path) == []


def test_the_key_changes_with_sources_settings_and_shapes(monkeypatch, tmp_path):
    monkeypatch.setattr(program_store, "folder", lambda: str(tmp_path))
    args = [jax.numpy.ones((2, 3)), np.zeros((2,), np.uint32)]
    before = program_store._path("a plan", args)
    assert program_store._path("a plan", [jax.numpy.zeros((2, 3)), np.ones((2,), np.uint32)]) \
        == before                             # values are arguments, not part of the key
    assert program_store._path("another plan", args) != before
    assert program_store._path("a plan", [jax.numpy.ones((2, 4)), args[1]]) != before
    monkeypatch.setattr(program_store, "_salt", [])
    monkeypatch.setenv("MXNET_SAFE_ACCUMULATION", "1")     # an operator may read one
    with_env = program_store._path("a plan", args)
    assert with_env != before
    monkeypatch.setattr(program_store, "_salt", [])
    monkeypatch.setattr(program_store, "_source_fingerprint", lambda: "edited")
    assert program_store._path("a plan", args) not in (before, with_env)
    edited = program_store._path("a plan", args)
    prev = jax.config.jax_default_matmul_precision
    jax.config.update("jax_default_matmul_precision", "highest")   # a JAX setting
    try:
        assert program_store._path("a plan", args) != edited
    finally:
        jax.config.update("jax_default_matmul_precision", prev)
    assert program_store._path("a plan", args) == edited


def test_an_entry_without_its_code_runs_the_jit_program_and_is_removed(tmp_path):
    path = tmp_path / (PREFIX + "x")
    path.write_bytes(b"entry")

    def broken(*args):
        raise jax.errors.JaxRuntimeError("NOT_FOUND: Function add_fusion not found")
    program = background._Program(broken, lambda x: x + 1, str(path))
    assert program(1) == 2 and program(2) == 3
    assert not path.exists() and program.compiled is None

    def failing(*args):
        raise jax.errors.JaxRuntimeError("INTERNAL: out of memory")
    with pytest.raises(jax.errors.JaxRuntimeError):
        background._Program(failing, lambda x: x, str(path))(1)
    with pytest.raises(jax.errors.JaxRuntimeError):   # compiled here, not loaded
        background._Program(broken, lambda x: x, None)(1)
