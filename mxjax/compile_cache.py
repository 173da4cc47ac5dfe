"""JAX's persistent compilation cache, on by default for mxjax programs.

A graph compiled once is kept on disk, so the next run of the same program (or any
program that records the same graph) loads the XLA executable instead of compiling
it again.  MXNet never compiles, so this is how a second run starts as quickly.

Settings (read once, at import):

- ``MXJAX_COMPILATION_CACHE=0`` turns it off;
- ``MXJAX_CACHE_DIR`` chooses the folder (default ``~/.cache/mxjax/xla``, or
  ``$XDG_CACHE_HOME/mxjax/xla``);
- a folder the user already gave JAX (``jax_compilation_cache_dir``) is left as it is.

Only programs that took at least 0.01 s to compile are written (a smaller one is not
worth a file; loading one costs a few ms: an un-hybridized d2l script's per-operator
programs, 20-150 ms each, are then loaded by its next run), and the folder is
kept under 2 GiB: at import, at most once an hour (a stamp file records the last
time: listing a folder of 50,000 entries costs 0.5 s, which every start would pay),
the oldest entries beyond that are removed (JAX's own size bound needs the
``filelock`` package, which mxjax does not depend on).
"""
import os
import time

import jax

__all__ = ["cache_dir", "enable"]

_MIN_COMPILE_SECONDS = 0.01
_MAX_BYTES = 2 << 30
_TRIM_EVERY_SECONDS = 3600
_TRIM_STAMP = ".mxjax-last-trim"


def cache_dir():
    """The folder of the persistent compilation cache, or None when it is off.

    Returns
    -------
    str or None
    """
    return jax.config.jax_compilation_cache_dir


def _default_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "mxjax", "xla")


def enable(path=None):
    """Keep compiled XLA programs in ``path`` across runs.

    Parameters
    ----------
    path : str, optional
        The cache folder; default ``$MXJAX_CACHE_DIR`` or ``~/.cache/mxjax/xla``.

    Returns
    -------
    str or None
        The folder in use, or None when it could not be created.
    """
    path = path or os.environ.get("MXJAX_CACHE_DIR") or _default_dir()
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return None
    jax.config.update("jax_compilation_cache_dir", path)
    jax.config.update("jax_persistent_cache_min_compile_time_secs", _MIN_COMPILE_SECONDS)
    _trim_when_due(path)
    return path


def _trim_when_due(path):
    """``_trim`` the folder unless its stamp says it was trimmed in the last hour."""
    stamp = os.path.join(path, _TRIM_STAMP)
    try:
        if time.time() - os.stat(stamp).st_mtime < _TRIM_EVERY_SECONDS:
            return
    except OSError:
        pass
    _trim(path, _MAX_BYTES)
    try:
        with open(stamp, "w"):
            pass
    except OSError:
        pass


def _trim(path, limit):
    """Remove the least recently used files of ``path`` until it holds at most ``limit`` bytes."""
    try:
        entries = []
        for e in os.scandir(path):
            if e.is_file() and e.name != _TRIM_STAMP:
                st = e.stat()
                entries.append((st.st_atime, st.st_size, e.path))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    for _, size, name in sorted(entries):
        if total <= limit:
            break
        try:
            os.remove(name)
            total -= size
        except OSError:
            pass


def _atomic_writes():
    """Cache entries are written to a temporary file and renamed into place. JAX writes
    them in place (``LRUCache.put``, without ``filelock``), so a process reading an entry
    another one is still writing (workers started by ``mxjax.launch``, pytest-xdist
    workers, DataLoader processes: they compile the same programs) could load a
    truncated executable, and crash."""
    try:
        from jax._src import lru_cache
    except ImportError:  # pragma: no cover - a JAX without it
        return
    original = getattr(lru_cache.LRUCache, "put", None)
    suffix = getattr(lru_cache, "_CACHE_SUFFIX", None)
    if original is None or suffix is None or getattr(original, "_mxjax_atomic", False):
        return

    def put(self, key, value):
        if getattr(self, "eviction_enabled", True) or not key:
            return original(self, key, value)   # JAX holds a file lock then
        target = os.path.join(str(self.path), key + suffix)
        if os.path.exists(target):
            return None
        tmp = "%s.%d.tmp" % (target, os.getpid())
        try:
            with open(tmp, "wb") as handle:
                handle.write(value)
            os.replace(tmp, target)
        except OSError:  # not a local folder, or full: JAX's own write
            try:
                os.remove(tmp)
            except OSError:
                pass
            return original(self, key, value)
        return None

    put._mxjax_atomic = True
    lru_cache.LRUCache.put = put


_atomic_writes()


def _enable_by_default():
    if os.environ.get("MXJAX_COMPILATION_CACHE", "1").strip().lower() in ("0", "false", "off", "no"):
        return
    if jax.config.jax_compilation_cache_dir:
        return
    enable()


_enable_by_default()


def _fast_random_compiles():
    """Random operators compile the non-partitionable threefry (JAX's former default):
    on CPU a random program with ``jax_threefry_partitionable`` on takes about 4x
    longer to compile (measured: 2.5 s against 11 s for one ``uniform`` of a conv
    weight), and a network's initialization compiles one per weight shape. mxjax runs
    each random operator on one device, where both give equally good numbers. A user
    who sets ``JAX_THREEFRY_PARTITIONABLE`` keeps their choice."""
    if "JAX_THREEFRY_PARTITIONABLE" in os.environ:
        return
    try:
        jax.config.update("jax_threefry_partitionable", False)
    except (AttributeError, ValueError):  # pragma: no cover - a JAX without the flag
        pass


_fast_random_compiles()
