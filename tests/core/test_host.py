"""mxjax.core.host: the CPU count and the choice of JAX's CPU dispatch mode."""
import subprocess
import sys

import pytest

from mxjax.core import host

_PROBE = ("import mxjax, jax; "
          "print(jax.config.values['jax_cpu_enable_async_dispatch'])")


def _dispatch_in_fresh_process(monkeypatch_env):
    env = dict(monkeypatch_env)
    out = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                         text=True, timeout=120, check=True)
    return out.stdout.strip().splitlines()[-1]


@pytest.fixture
def clean_env(monkeypatch):
    import os
    env = {k: v for k, v in os.environ.items() if k != "MXJAX_CPU_ASYNC_DISPATCH"}
    return env


def test_usable_cpus_is_positive():
    assert host.usable_cpus() >= 1


def test_default_follows_the_cpu_count(clean_env):
    want = str(host.usable_cpus() >= host._MIN_ASYNC_CPUS)
    assert _dispatch_in_fresh_process(clean_env) == want


@pytest.mark.parametrize("flag, want", [("1", "True"), ("0", "False")])
def test_mxjax_variable_decides(clean_env, flag, want):
    clean_env["MXJAX_CPU_ASYNC_DISPATCH"] = flag
    assert _dispatch_in_fresh_process(clean_env) == want


def test_a_process_that_turned_it_off_keeps_it_off(monkeypatch):
    import jax
    monkeypatch.delenv("MXJAX_CPU_ASYNC_DISPATCH", raising=False)
    monkeypatch.setattr(host, "_MIN_ASYNC_CPUS", 1)   # the rule would turn it on
    before = jax.config.values["jax_cpu_enable_async_dispatch"]
    try:
        jax.config.update("jax_cpu_enable_async_dispatch", False)
        assert host.configure_cpu_dispatch() is None
        assert jax.config.values["jax_cpu_enable_async_dispatch"] is False
        jax.config.update("jax_cpu_enable_async_dispatch", True)   # the default
        assert host.configure_cpu_dispatch() is True
    finally:
        jax.config.update("jax_cpu_enable_async_dispatch", before)
