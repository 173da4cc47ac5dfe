"""``mx.profiler``: MXNet's profiler API over mxjax's dispatch path.

While the profiler runs (``set_state('run')``, not paused), every operator call
through the dispatch path is timed: an imperative call until its result is computed
(so the time is the operator's, as MXNet's engine reports it), a recorded one for
its recording only. Tasks, frames, events, counters and markers of the user's own
domains are recorded as MXNet records them. ``dump()`` writes the Chrome trace JSON
(``chrome://tracing``, Perfetto) to the configured file; ``dumps()`` gives MXNet's
aggregate table (or its JSON form).

Not recorded: XLA's own kernels inside a compiled program (a hybridized block or a
fused training step is one operator call here; ``jax.profiler`` sees inside them),
memory use, and MXNet's C API calls.
"""
import json
import os
import threading
import time
import warnings

from .base import MXNetError
from .core import state as _state

__all__ = ["set_config", "profiler_set_config", "set_state", "profiler_set_state", "dump",
           "dump_profile", "dumps", "pause", "resume", "Domain", "Task", "Frame", "Event",
           "Counter", "Marker"]

_DEFAULTS = {"filename": "profile.json", "profile_all": False, "profile_symbolic": True,
             "profile_imperative": True, "profile_memory": True, "profile_api": True,
             "continuous_dump": False, "dump_period": 1.0, "aggregate_stats": False,
             "profile_process": "worker"}
_config = dict(_DEFAULTS)
_lock = threading.Lock()
_events = []        # Chrome trace events
_stats = {}         # category -> name -> [count, total_us, min_us, max_us]
_run = {"state": "stop", "paused": False}
_T0 = time.perf_counter()


def _now_us():
    return (time.perf_counter() - _T0) * 1e6


def _active():
    return _run["state"] == "run" and not _run["paused"]


def _add(category, name, start_us, dur_us, phase="X", args=None):
    event = {"name": name, "cat": category, "ph": phase, "ts": start_us, "pid": os.getpid(),
             "tid": threading.get_ident()}
    if phase == "X":
        event["dur"] = dur_us
    if args:
        event["args"] = args
    with _lock:
        _events.append(event)
        row = _stats.setdefault(category, {}).get(name)
        if row is None:
            _stats[category][name] = [1, dur_us, dur_us, dur_us]
        else:
            row[0] += 1
            row[1] += dur_us
            row[2] = min(row[2], dur_us)
            row[3] = max(row[3], dur_us)


def _operator_call(run, op, args):
    """The dispatch path's hook (``core.state.profile``): time one operator call."""
    if not _active():
        return run(*args)
    start = time.perf_counter()
    result = run(*args)
    if not _state.local.recording:   # computed now, as MXNet's engine times it
        for r in (result if isinstance(result, (list, tuple)) else (result,)):
            if hasattr(r, "wait_to_read"):
                r.wait_to_read()
    end = time.perf_counter()
    _add("operator", op.name, (start - _T0) * 1e6, (end - start) * 1e6)
    return result


def set_config(**kwargs):
    """Set profiler options (MXNet's names: ``filename``, ``profile_all``,
    ``profile_symbolic``, ``profile_imperative``, ``profile_memory``, ``profile_api``,
    ``continuous_dump``, ``dump_period``, ``aggregate_stats``, ``profile_process``).

    Parameters
    ----------
    **kwargs
    """
    unknown = [k for k in kwargs if k not in _DEFAULTS]
    if unknown:
        raise MXNetError("profiler.set_config: unknown option %s (options: %s)"
                         % (unknown[0], ", ".join(sorted(_DEFAULTS))))
    _config.update(kwargs)
    _sync_hook()


def profiler_set_config(mode="symbolic", filename="profile.json"):
    """Deprecated form of :func:`set_config` (``mode``: 'symbolic' or 'all')."""
    warnings.warn("profiler.profiler_set_config() is deprecated. Please use "
                  "profiler.set_config() instead", DeprecationWarning, stacklevel=2)
    set_config(profile_symbolic=True, profile_all=(mode == "all"), filename=filename)


def _sync_hook():
    operators = _config["profile_all"] or _config["profile_imperative"] or \
        _config["profile_symbolic"]
    _state.profile = _operator_call if (_run["state"] == "run" and operators) else None


def set_state(state="stop", profile_process="worker"):
    """Start (``'run'``) or stop (``'stop'``) profiling.

    Parameters
    ----------
    state : {'run', 'stop'}
    profile_process : str, default 'worker'
    """
    if state not in ("run", "stop"):
        raise MXNetError("profiler.set_state: state must be 'run' or 'stop', got %r" % (state,))
    _run["state"] = state
    _sync_hook()


def profiler_set_state(state="stop"):
    """Deprecated form of :func:`set_state`."""
    warnings.warn("profiler.profiler_set_state() is deprecated. Please use "
                  "profiler.set_state() instead", DeprecationWarning, stacklevel=2)
    set_state(state)


def pause(profile_process="worker"):
    """Stop recording until :func:`resume` (the profiler stays running)."""
    _run["paused"] = True


def resume(profile_process="worker"):
    """Record again after :func:`pause`."""
    _run["paused"] = False


def dump(finished=True, profile_process="worker"):
    """Write the recorded events as Chrome trace JSON to the configured ``filename``.

    Parameters
    ----------
    finished : bool, default True
        Also forget the events written (MXNet: the last dump of the run).
    profile_process : str, default 'worker'
    """
    with _lock:
        events = list(_events)
        if finished:
            del _events[:]
    with open(_config["filename"], "w") as f:
        json.dump({"traceEvents": events, "displayTimeUnit": "ms"}, f)


def dump_profile():
    """Deprecated form of :func:`dump`."""
    warnings.warn("profiler.dump_profile() is deprecated. Please use profiler.dump() instead",
                  DeprecationWarning, stacklevel=2)
    dump(True)


_SORT = {"total": 1, "min": 2, "max": 3, "count": 0, "avg": None}


def dumps(reset=False, format="table", sort_by="total", ascending=False):  # noqa: A002
    """The aggregate statistics: per category, each name's count and total / min / max /
    average time in milliseconds.

    Parameters
    ----------
    reset : bool, default False
        Clear the statistics afterwards.
    format : {'table', 'json'}
    sort_by : {'total', 'avg', 'min', 'max', 'count'}
    ascending : bool, default False

    Returns
    -------
    str
    """
    if format not in ("table", "json"):
        raise MXNetError("profiler.dumps: format must be 'table' or 'json', got %r" % (format,))
    if sort_by not in _SORT:
        raise MXNetError("profiler.dumps: sort_by must be one of %s, got %r"
                         % (", ".join(sorted(_SORT)), sort_by))
    with _lock:
        stats = {c: {n: list(r) for n, r in rows.items()} for c, rows in _stats.items()}
        if reset:
            _stats.clear()

    def key(item):
        row = item[1]
        return row[1] / row[0] if _SORT[sort_by] is None else row[_SORT[sort_by]]
    if format == "json":
        return json.dumps({c: {n: {"Count": r[0], "Total": r[1] / 1e3, "Min": r[2] / 1e3,
                                   "Max": r[3] / 1e3, "Avg": r[1] / r[0] / 1e3}
                               for n, r in rows.items()} for c, rows in stats.items()})
    lines = ["", "Profile Statistics:", "\tNote the difference in units for different entries."]
    for category in sorted(stats):
        lines += [category, "=================",
                  "%-30s%12s%17s%17s%17s%17s" % ("Name", "Total Count", "Time (ms)",
                                                 "Min Time (ms)", "Max Time (ms)",
                                                 "Avg Time (ms)"),
                  "%-30s%12s%17s%17s%17s%17s" % ("----", "-----------", "---------",
                                                 "-------------", "-------------",
                                                 "-------------")]
        for name, r in sorted(stats[category].items(), key=key, reverse=not ascending):
            lines.append("%-30s%12d%17.4f%17.4f%17.4f%17.4f"
                         % (name, r[0], r[1] / 1e3, r[2] / 1e3, r[3] / 1e3, r[1] / r[0] / 1e3))
        lines.append("")
    return "\n".join(lines)


class Domain:
    """A named group of tasks, frames, counters and markers.

    Parameters
    ----------
    name : str
    """

    def __init__(self, name):
        self.name = name

    def __str__(self):
        return self.name

    def new_task(self, name):
        """A :class:`Task` in this domain."""
        return Task(self, name)

    def new_frame(self, name):
        """A :class:`Frame` in this domain."""
        return Frame(self, name)

    def new_counter(self, name, value=None):
        """A :class:`Counter` in this domain."""
        return Counter(self, name, value)

    def new_marker(self, name):
        """A :class:`Marker` in this domain."""
        return Marker(self, name)


class _Span:
    """A named duration, recorded from :meth:`start` to :meth:`stop` while profiling."""

    def __init__(self, category, name):
        self.category, self.name = category, name
        self._start = None

    def start(self):
        """Begin the duration."""
        self._start = _now_us()

    def stop(self):
        """End the duration and record it (when the profiler is running)."""
        if self._start is not None and _active():
            _add(self.category, self.name, self._start, _now_us() - self._start)
        self._start = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def __str__(self):
        return self.name


class Task(_Span):
    """A task of a :class:`Domain` (``start``/``stop``)."""

    def __init__(self, domain, name):
        super().__init__(str(domain), name)


class Frame(_Span):
    """A frame of a :class:`Domain` (``start``/``stop``)."""

    def __init__(self, domain, name):
        super().__init__(str(domain), name)


class Event(_Span):
    """A named event (``start``/``stop``), outside any domain."""

    def __init__(self, name):
        super().__init__("Event", name)


class Counter:
    """A named value of a :class:`Domain`, recorded at every change.

    Parameters
    ----------
    domain : Domain
    name : str
    value : int, optional
    """

    def __init__(self, domain, name, value=None):
        self.domain, self.name = domain, name
        self.value = 0
        if value is not None:
            self.set_value(value)

    def set_value(self, value):
        """Set the value."""
        self.value = value
        if _active():
            _add(str(self.domain), self.name, _now_us(), 0, "C", {self.name: value})

    def increment(self, delta=1):
        """Add ``delta``."""
        self.set_value(self.value + delta)

    def decrement(self, delta=1):
        """Subtract ``delta``."""
        self.set_value(self.value - delta)

    def __iadd__(self, delta):
        self.increment(delta)
        return self

    def __isub__(self, delta):
        self.decrement(delta)
        return self

    def __str__(self):
        return self.name


class Marker:
    """An instant marker of a :class:`Domain`.

    Parameters
    ----------
    domain : Domain
    name : str
    """

    def __init__(self, domain, name):
        self.domain, self.name = domain, name

    def mark(self, scope="process"):
        """Record the instant (``scope``: 'global', 'process', 'thread', 'task' or
        'marker')."""
        if _active():
            _add("%s,instant_marker" % self.domain, self.name, _now_us(), 0, "i",
                 {"scope": scope})
