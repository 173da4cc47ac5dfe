"""The one program cache: every compiled program mxjax keeps, one bound, honest counters.

A *program* is a ``jax.jit`` wrapper the engine built: an operator's eager program
for one attribute set, a recorded graph's forward or VJP, a segment of a big graph,
an optimizer's fused update. Each user of the cache keeps its own dictionary (an
*index*: an operator's programs by attributes, the executor's by graph structure)
for fast lookups, but every entry is also in one global queue with one limit and
one eviction rule — *second chance*: the oldest entry goes first, unless it was
used since it last reached the front, in which case it goes to the back once.

Besides the count, a second bound: each compiled XLA:CPU program holds a few memory
mappings per kernel, and a process may hold only ``vm.max_map_count`` of them (65,530 by
default on Linux) before ``mmap`` fails and the process dies. A few hundred large
programs (a fused optimizer update over many tensors holds hundreds of mappings) reach
it long before the count limit. So every 32 insertions the cache counts the process's
mappings, and above half of the system's maximum it drops its oldest quarter
(``map_evictions``), which releases their executables.

The counters count what really happened: ``compiles`` counts engine programs when
they are traced (each trace is followed by an XLA compilation or a load from the
persistent compilation cache), and ``xla_compiles`` / ``persistent_cache_loads`` /
``traces`` come from JAX's own monitoring events.

Every program that runs on its own is made with :func:`jit`: ``jax.jit`` with mxjax's XLA
compiler options (an operator's program that is only staged into others, ``OpDef.call``,
is a plain ``jax.jit``).
On XLA:CPU these choose the elemental fusion emitter over the MLIR fusion emitters,
which halves the compile of a small network's training step (a LeNet step 2.9 s ->
1.4 s on one CPU; a ResNet-20 step 8.7 s -> 7.5 s) for the same run time measured side
by side (bench/PROFILES.md). ``MXJAX_XLA_OPTIONS=default`` compiles with XLA's own
defaults; ``MXJAX_XLA_OPTIONS=throughput`` with XLA's fusion emitters and without its
YNNPACK convolutions, whose weight gradients are about 6x slower than XLA's own on a
CPU: steady training steps of large convolutional networks run faster (a d2l ResNet-18
on 96x96 inputs, batch 128: 7.1 s -> 5.1 s a step), their programs compile slower (a
ResNet-20 step 4.8 s -> 5.5 s), for long runs. A jaxlib that does not know an option
compiles with its defaults (probed once, at the first program).
"""
import os
import threading
from collections import OrderedDict

import jax

__all__ = ["jit", "jit_later", "compiler_options", "lookup", "insert", "counted", "stats",
           "reset_stats", "clear", "set_limit", "counters", "memory_maps"]

_lock = threading.RLock()
_queue = OrderedDict()     # entry -> None, oldest first
_limit = int(os.environ.get("MXJAX_CACHE_SIZE", "4096"))
_indexes = []              # weak list of the indexes, for ``clear``

counters = {"compiles": 0, "cache_hits": 0, "uncompiled_runs": 0, "evictions": 0,
            "nodes_recorded": 0, "deferred_backwards": 0, "fused_steps": 0,
            "segmented_runs": 0, "background_compiles": 0, "spmd_backwards": 0,
            "xla_compiles": 0, "persistent_cache_loads": 0, "traces": 0,
            "map_evictions": 0, "stored_program_loads": 0, "stored_programs": 0,
            "tier_ups": 0, "gradients_recomputed": 0}

_MAPS_FILE = "/proc/self/maps"
_CHECK_EVERY = 32          # insertions between two counts of the memory mappings
_inserts = 0


def _map_budget():
    """Half of the system's ``vm.max_map_count`` (None where it cannot be read)."""
    try:
        with open("/proc/sys/vm/max_map_count") as handle:
            return int(handle.read()) // 2
    except (OSError, ValueError):
        return None


_maps_budget = _map_budget()


# XLA options of every mxjax program (module docstring). Values are as XLA's DebugOptions
# parse them.
_FAST_COMPILE = {"xla_cpu_use_fusion_emitters": False}
# MXJAX_XLA_OPTIONS=throughput and the second tier (``mxjax.core.tiers``): XLA's fusion
# emitters, YNNPACK for matrix products only (not convolutions)
_THROUGHPUT = {"xla_cpu_experimental_ynn_fusion_type": "LIBRARY_FUSION_TYPE_DOT"}
_options = None
_throughput = []   # [options or None] once probed
_NESTED = "can only be passed to top-level"   # JAX's refusal of nested options


def compiler_options():
    """The XLA compiler options mxjax's programs compile with (a dict, maybe empty).

    Probed once: ``MXJAX_XLA_OPTIONS=default`` or a jaxlib that rejects an option
    gives ``{}`` (XLA's defaults); ``MXJAX_XLA_OPTIONS=throughput`` the options for long
    runs of convolutional networks (module docstring).
    """
    global _options
    if _options is None:
        mode = os.environ.get("MXJAX_XLA_OPTIONS", "").strip().lower()
        wanted = {"default": {}, "throughput": dict(_THROUGHPUT)}.get(mode)
        if wanted is None:
            wanted = dict(_FAST_COMPILE)
        if wanted:
            try:
                jax.jit(lambda: 0, compiler_options=wanted).lower().compile()
            except Exception:  # an older jax/jaxlib: no such argument or option
                wanted = {}
        _options = wanted
    return _options


def throughput_options():
    """The options of ``MXJAX_XLA_OPTIONS=throughput`` (and of the second compile tier),
    or None where this jaxlib refuses them (probed once)."""
    if not _throughput:
        try:
            jax.jit(lambda: 0, compiler_options=_THROUGHPUT).lower().compile()
            _throughput.append(dict(_THROUGHPUT))
        except Exception:  # an older jax/jaxlib: no such option
            _throughput.append(None)
    return _throughput[0]


def jit(fn, options=None, **kwargs):
    """``jax.jit(fn, **kwargs)`` compiled with :func:`compiler_options` (or ``options``).

    JAX takes compiler options only for a top-level program and refuses them (a
    ValueError) when the program is staged into a trace (a hybridized forward, a
    user's own ``jax.jit``). Where options apply this is a function that calls the
    program made with them and, when JAX refuses, one made without them, where the
    outer program's options decide (a try costs 0.4 us a call, a trace-state check
    0.9 us); ``lower`` and ``_cache_size`` are the top one's.
    """
    if options is None:
        options = compiler_options()
    if not options or "compiler_options" in kwargs:
        return jax.jit(fn, **kwargs)
    top = jax.jit(fn, compiler_options=options, **kwargs)
    inner = jax.jit(fn, **kwargs)

    def program(*args, **kw):
        try:
            return top(*args, **kw)
        except ValueError as err:
            if _NESTED not in str(err):
                raise
        return inner(*args, **kw)
    program.lower = top.lower
    program._cache_size = top._cache_size  # how many signatures it compiled
    program.__name__ = getattr(fn, "__name__", "program")
    return program


def jit_later(fn, **kwargs):
    """A callable that makes ``jit(fn, **kwargs)`` at its first call: for programs made
    at import, which must not start JAX's backend to probe the options."""
    made = []

    def call(*args, **kw):
        if not made:
            made.append(jit(fn, **kwargs))
        return made[0](*args, **kw)
    call.__name__ = getattr(fn, "__name__", "program")
    return call


def memory_maps():
    """How many memory mappings this process holds (None where it cannot be read)."""
    try:
        with open(_MAPS_FILE, "rb") as handle:
            return handle.read().count(b"\n")
    except OSError:
        return None


class _Entry:
    __slots__ = ("index", "key", "fn", "used", "kind", "__weakref__")

    def __init__(self, index, key, fn, kind):
        self.index, self.key, self.fn, self.kind = index, key, fn, kind
        self.used = False


def lookup(index, key):
    """The program stored under ``key`` in ``index`` (a dict), or None."""
    e = index.get(key)
    if e is None:
        return None
    e.used = True
    return e.fn


def insert(index, key, fn, kind):
    """Store program ``fn`` under ``key`` in ``index`` and in the global queue; evict
    beyond the limit. Returns ``fn``."""
    e = _Entry(index, key, fn, kind)
    with _lock:
        old = index.get(key)
        if old is not None:
            _queue.pop(old, None)
        index[key] = e
        _queue[e] = None
        _evict(_limit)
        _check_maps()
    return fn


def _check_maps():
    """Every ``_CHECK_EVERY`` insertions: drop the oldest quarter of the programs while
    the process holds more memory mappings than ``_maps_budget``."""
    global _inserts
    _inserts += 1
    if _maps_budget is None or _inserts % _CHECK_EVERY:
        return
    count = memory_maps()
    if count is None or count <= _maps_budget:
        return
    before = counters["evictions"]
    _evict(len(_queue) - max(1, len(_queue) // 4))
    counters["map_evictions"] += counters["evictions"] - before


def _evict(limit):
    spins = 0
    while len(_queue) > limit:
        e, _ = _queue.popitem(last=False)
        if e.used and spins < 2 * len(_queue) + 2:
            e.used = False
            _queue[e] = None
            spins += 1
            continue
        if e.index.get(e.key) is e:
            del e.index[e.key]
        counters["evictions"] += 1


def counted(fn):
    """``fn`` counting each of its traces as an engine compile (wrap before ``jax.jit``)."""
    def traced(*args, **kwargs):
        counters["compiles"] += 1
        return fn(*args, **kwargs)
    traced.__name__ = getattr(fn, "__name__", "program")
    return traced


def stats():
    """A copy of the counters, with ``cache_size``, ``cache_limit`` and the entries by kind."""
    out = dict(counters)
    out["cache_size"] = len(_queue)
    out["cache_limit"] = _limit
    kinds = {}
    for e in list(_queue):
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    out["programs_by_kind"] = kinds
    return out


def reset_stats():
    """Set every counter back to zero (the programs are kept)."""
    for k in counters:
        counters[k] = 0


def clear():
    """Drop every program."""
    with _lock:
        for e in list(_queue):
            if e.index.get(e.key) is e:
                del e.index[e.key]
        _queue.clear()


def set_limit(n):
    """Keep at most ``n`` programs (``MXJAX_CACHE_SIZE``, default 4096)."""
    global _limit
    with _lock:
        _limit = max(0, int(n))
        _evict(_limit)


def limit():
    """The current bound."""
    return _limit


# JAX reports every backend compilation (a persistent-cache load included), every
# persistent-cache hit and every trace to a jaxpr through jax.monitoring.
_BACKEND_COMPILE = "/jax/core/compile/backend_compile_duration"
_JAXPR_TRACE = "/jax/core/compile/jaxpr_trace_duration"
_PERSISTENT_HIT = "/jax/compilation_cache/cache_hits"


def _on_duration(event, duration, **kwargs):
    if event == _BACKEND_COMPILE:
        counters["xla_compiles"] += 1
    elif event == _JAXPR_TRACE:
        counters["traces"] += 1


def _on_event(event, **kwargs):
    if event == _PERSISTENT_HIT:
        counters["persistent_cache_loads"] += 1
        counters["xla_compiles"] -= 1  # loaded, not compiled (its compile event follows)


jax.monitoring.register_event_duration_secs_listener(_on_duration)
jax.monitoring.register_event_listener(_on_event)
