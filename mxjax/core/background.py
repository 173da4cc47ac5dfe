"""Compiling programs in the background while the caller runs op by op.

A structure seen for the second time is worth compiling, but its first compiled
run must not wait for XLA: :func:`submit` traces, lowers and compiles a
``jax.jit`` program on one background thread, and the caller keeps running the
structure op by op (its operators' programs already exist) until :func:`result`
says the compiled program is ready. Compiles run one at a time, in submission order.
Off with ``MXJAX_BACKGROUND_COMPILE=0`` (then programs compile when first needed), and
by default in a process that may run on fewer than four CPUs (``_default``).
"""
import atexit
import os
import queue
import threading

import jax

from .cache import counters
from . import host

__all__ = ["enabled", "set_enabled", "submit", "wait_all", "Job", "compile_ahead"]

def _default():
    """On unless ``MXJAX_BACKGROUND_COMPILE=0``, when the process may use at least
    ``_MIN_CPUS`` CPUs. XLA's CPU compiler generates code on a thread pool, so on fewer
    CPUs a background compile takes its time from the foreground's own compiles and
    steps; measured side by side (bench/PROFILES.md, section 9) on 2 CPUs: W9's first
    step 6.3 s with, 4.1 s without; lstm_tagger.py 6.0 s / 4.9 s, lenet_d2l.py 6.8 s /
    6.0 s, resnet18_d2l.py 31.7 s / 27.0 s; on one CPU a d2l LeNet script 28.8 s / 23.3 s.
    ``MXJAX_BACKGROUND_COMPILE=1`` turns it on anywhere."""
    flag = os.environ.get("MXJAX_BACKGROUND_COMPILE")
    if flag is not None:
        return flag != "0"
    return host.usable_cpus() >= _MIN_CPUS


# fewer CPUs than this: background compiling is off by default (see ``_default``)
_MIN_CPUS = 4


_enabled = [_default()]
_jobs = queue.Queue()
_worker = []
_lock = threading.Lock()


def enabled():
    """Whether repeated structures compile in the background."""
    return _enabled[0]


def set_enabled(flag):
    """Compile in the background (True) or when first needed (False); returns the
    previous setting."""
    prev = _enabled[0]
    _enabled[0] = bool(flag)
    return prev


class Job:
    """A program being compiled: ``done()``, then ``result()`` (the compiled program,
    or the exception compiling raised)."""

    __slots__ = ("jitted", "specs", "then", "_done", "_result", "_error")

    def __init__(self, jitted, specs, then=None):
        self.jitted, self.specs, self.then = jitted, specs, then
        self._done = threading.Event()
        self._result = self._error = None

    def done(self):
        return self._done.is_set()

    def wait(self, timeout=None):
        """Block until compiled (tests and shutdown)."""
        return self._done.wait(timeout)

    def result(self):
        if self._error is not None:
            raise self._error
        return self._result

    def _run(self):
        try:
            compiled, loaded = compile_ahead(self.jitted, self.specs)
            if self.then is not None:
                self.then(compiled, loaded)
            self._result = _Program(compiled, self.jitted)
        except Exception as err:  # noqa: BLE001 - re-raised by result() in the caller
            self._error = err
        finally:
            self.jitted = self.specs = self.then = None
            self._done.set()


def compile_ahead(jitted, args):
    """``(compiled, loaded)``: ``jitted`` compiled for ``args`` (arrays or their
    ``ShapeDtypeStruct``); ``loaded`` says JAX may have loaded it from its persistent
    cache (some compile meanwhile was a cache hit)."""
    loads = counters["persistent_cache_loads"]
    compiled = jitted.lower(*args).compile()
    return compiled, counters["persistent_cache_loads"] != loads


class _Program:
    """A program compiled ahead of time for its example's devices; called with
    arguments on other devices (one structure recorded on several devices), or other
    avals (a program ``program_store`` loaded), it runs ``jax.jit``'s own program for
    them instead. One loaded from the store's file ``path`` whose code cannot be found
    (a damaged entry: "NOT_FOUND") runs ``jax.jit``'s from then on, and the file is
    removed."""

    __slots__ = ("compiled", "jitted", "path")

    def __init__(self, compiled, jitted, path=None):
        self.compiled, self.jitted, self.path = compiled, jitted, path

    def __call__(self, *args):
        compiled = self.compiled
        if compiled is not None:
            try:
                return compiled(*args)
            except (TypeError, ValueError):  # other avals or shardings than compiled for
                pass
            except jax.errors.JaxRuntimeError as err:
                if self.path is None or "NOT_FOUND" not in str(err):
                    raise
                self.compiled = None
                try:
                    os.remove(self.path)
                except OSError:
                    pass
        return self.jitted(*args)


def _leaf_spec(a):
    if isinstance(a, jax.Array):
        return jax.ShapeDtypeStruct(a.shape, a.dtype, sharding=a.sharding)
    if hasattr(a, "shape") and hasattr(a, "dtype"):
        return jax.ShapeDtypeStruct(a.shape, a.dtype)
    return a


def _spec(arg):
    return jax.tree_util.tree_map(_leaf_spec, arg)


_running = []
_stopping = []


def _loop():
    while True:
        job = _jobs.get()
        if _stopping:
            job._error = RuntimeError("mxjax: the process is exiting")
            job._done.set()
            continue
        _running.append(job)
        try:
            job._run()
        finally:
            _running.remove(job)


def _at_exit():
    """Drop the compiles not started and let the one in flight finish (its program
    goes to the persistent cache): XLA must not be compiling while Python shuts down."""
    _stopping.append(True)
    while True:
        try:
            job = _jobs.get_nowait()
        except queue.Empty:
            break
        job._error = RuntimeError("mxjax: the process is exiting")
        job._done.set()
    for job in list(_running):
        job.wait()


atexit.register(_at_exit)


def submit(jitted, example_args, then=None):
    """Start compiling ``jitted`` for arguments shaped like ``example_args``; once
    compiled, ``then(compiled, loaded)`` is called on the compiling thread (``loaded``:
    JAX may have loaded it from its persistent cache)."""
    job = Job(jitted, [_spec(a) for a in example_args], then)
    with _lock:
        if not _worker:
            t = threading.Thread(target=_loop, name="mxjax-compile", daemon=True)
            t.start()
            _worker.append(t)
    _pending.append(job)
    _jobs.put(job)
    return job


_pending = []


def wait_all(timeout=None):
    """Block until every submitted compile has finished; returns whether they all did."""
    while _pending:
        job = _pending[0]
        if not job.wait(timeout):
            return False
        _pending.remove(job)
    return True
