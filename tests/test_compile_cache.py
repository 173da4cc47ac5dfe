"""The persistent compilation cache: on by default, off by environment, a second run loads."""
import os
import subprocess
import sys
import textwrap

_PROGRAM = textwrap.dedent("""
    import time, mxjax, jax, jax.numpy as jnp
    from mxjax import compile_cache
    print(compile_cache.cache_dir())
    # every program is written: mxjax's 0.1 s threshold would depend on this CPU's speed
    # (f compiled in 0.08 s on an idle machine here)
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0)
    def f(x):
        for _ in range(60):
            x = jnp.tanh(x @ x.T) * 1.5 + jnp.sin(x)
        return x
    t = time.perf_counter()
    jax.jit(f)(jnp.ones((32, 32))).block_until_ready()
    print(time.perf_counter() - t)
""")


def _run(env):
    out = subprocess.run([sys.executable, "-c", _PROGRAM], capture_output=True, text=True,
                         env=env, check=True, timeout=300)
    folder, seconds = out.stdout.split()
    return folder, float(seconds)


def test_cache_on_by_default_and_reused(tmp_path):
    env = dict(os.environ, MXJAX_CACHE_DIR=str(tmp_path / "xla"))
    env.pop("MXJAX_COMPILATION_CACHE", None)
    folder, _ = _run(env)
    assert folder == str(tmp_path / "xla")
    written = os.listdir(folder)
    assert any(name.startswith("jit_f") for name in written), written
    _run(env)  # the second run finds the same program under the same key: no new entry
    again = [name for name in os.listdir(folder) if name.startswith("jit_f")]
    assert again == [name for name in written if name.startswith("jit_f")]


def test_cache_off_by_environment(tmp_path):
    env = dict(os.environ, MXJAX_CACHE_DIR=str(tmp_path / "xla"), MXJAX_COMPILATION_CACHE="0")
    folder, _ = _run(env)
    assert folder == "None"
    assert not (tmp_path / "xla").exists()


def test_trim_removes_oldest_first(tmp_path):
    from mxjax import compile_cache
    for i, name in enumerate(["old", "mid", "new"]):
        path = tmp_path / name
        path.write_bytes(b"x" * 100)
        os.utime(path, (1000 + i, 1000 + i))
    compile_cache._trim(str(tmp_path), 250)
    assert sorted(os.listdir(tmp_path)) == ["mid", "new"]


def test_trim_runs_at_most_once_an_hour(tmp_path, monkeypatch):
    from mxjax import compile_cache
    monkeypatch.setattr(compile_cache, "_MAX_BYTES", 150)
    for i, name in enumerate(["a", "b", "c"]):
        (tmp_path / name).write_bytes(b"x" * 100)
        os.utime(tmp_path / name, (1000 + i, 1000 + i))
    compile_cache._trim_when_due(str(tmp_path))
    assert sorted(os.listdir(tmp_path)) == [".mxjax-last-trim", "c"]
    (tmp_path / "d").write_bytes(b"x" * 100)
    compile_cache._trim_when_due(str(tmp_path))      # stamp is fresh: nothing removed
    assert sorted(os.listdir(tmp_path)) == [".mxjax-last-trim", "c", "d"]
    stamp = tmp_path / ".mxjax-last-trim"
    os.utime(stamp, (os.stat(stamp).st_atime, os.stat(stamp).st_mtime - 3601))
    compile_cache._trim_when_due(str(tmp_path))
    assert len([n for n in os.listdir(tmp_path) if not n.startswith(".")]) == 1


def test_entries_are_written_whole_then_renamed(tmp_path, monkeypatch):
    """A cache entry appears complete or not at all (another process may read it)."""
    import mxjax.compile_cache  # noqa: F401  (installs the atomic write)
    from jax._src import lru_cache
    assert getattr(lru_cache.LRUCache.put, "_mxjax_atomic", False)
    cache = lru_cache.LRUCache(str(tmp_path), max_size=-1)
    written = []
    real_replace = os.replace

    def spy(src, dst):
        written.append((os.path.basename(src), os.path.getsize(src)))
        real_replace(src, dst)
    monkeypatch.setattr(os, "replace", spy)
    cache.put("k1", b"x" * 1000)
    cache.put("k1", b"y" * 10)   # an existing entry is kept
    assert cache.get("k1") == b"x" * 1000
    assert len(written) == 1 and written[0][1] == 1000 and written[0][0].endswith(".tmp")
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]
