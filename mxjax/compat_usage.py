"""What an executed test suite called: the evidence behind the compat matrix's "supported".

Loaded as a pytest plugin (``python -m pytest -p mxjax.compat_usage``) with
``$MXJAX_USAGE_OUT`` set to a file name, it records during every test (setup, call
and teardown, not imports):

- every Python function of the ``mxjax`` package that ran, by its code object, as
  ``"<path inside mxjax>:<qualified name>"`` (with ``cProfile``, which counts calls
  in C: the run is slower, not different);
- every registered operator that ran (an operator that ran has a bound or compiled
  call in its ``OpDef`` caches).

Each process (each xdist worker too) writes ``OUT.part-<worker>``; the process
that started the run merges the parts into ``OUT`` (sorted JSON, so a regenerated
file differs only where the suite's calls did). Without ``$MXJAX_USAGE_OUT`` the
plugin does nothing. ``python -m mxjax.compat --record`` runs the suite this way.
"""
import glob
import json
import os

__all__ = ["ENV", "PACKAGE_DIR", "code_key", "Recorder", "load", "save", "merge"]

ENV = "MXJAX_USAGE_OUT"
PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_NEWLOCALS = 0x2  # inspect.CO_NEWLOCALS: a function's frame (not a module or class body)


def code_key(code):
    """``"<path inside mxjax>:<qualified name>"`` of a code object (for functions that
    ``mxjax._codegen`` generated, ``"<mxjax.module.name>:<qualified name>"``), or None
    when the code is not a function of the mxjax package.

    Parameters
    ----------
    code : code object
    """
    filename = getattr(code, "co_filename", None)
    if not filename or not code.co_flags & _NEWLOCALS:
        return None
    qualname = getattr(code, "co_qualname", code.co_name)
    if filename.startswith("<mxjax.") and filename.endswith(">"):  # mxjax._codegen's
        return "%s:%s" % (filename, qualname)
    filename = os.path.abspath(filename)
    if not filename.startswith(PACKAGE_DIR + os.sep):
        return None
    rel = os.path.relpath(filename, PACKAGE_DIR).replace(os.sep, "/")
    return "%s:%s" % (rel, qualname)


class Recorder:
    """Records the mxjax functions and operators that run between ``start`` and ``stop``."""

    def __init__(self):
        import cProfile
        self._profile = cProfile.Profile()
        self.operators = set()
        self._running = False

    def start(self):
        """Begin (or resume) recording in the calling thread."""
        if not self._running:
            self._profile.enable()
            self._running = True

    def stop(self):
        """Pause recording; note the operators that have run so far."""
        if self._running:
            self._profile.disable()
            self._running = False
        self._note_operators()

    def _note_operators(self):
        import sys
        registry = sys.modules.get("mxjax.ndarray.registry")
        if registry is None:
            return
        for name, op in registry._OPS.items():
            if name not in self.operators and (op._calls or op._jitted):
                self.operators.add(name)

    def functions(self):
        """The code keys of the mxjax functions that ran."""
        keys = set()
        for entry in self._profile.getstats():
            key = code_key(entry.code) if not isinstance(entry.code, str) else None
            if key is not None:
                keys.add(key)
        return keys

    def result(self):
        """``{"functions": [...], "operators": [...]}``, sorted."""
        return {"functions": sorted(self.functions()), "operators": sorted(self.operators)}


def load(path):
    """The usage file at ``path`` as ``{"functions": set, "operators": set}``; empty sets
    when the file does not exist."""
    if not path or not os.path.exists(path):
        return {"functions": set(), "operators": set()}
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    return {"functions": set(data.get("functions", ())),
            "operators": set(data.get("operators", ()))}


def save(usage, path, about=None):
    """Write ``usage`` (sets or lists) to ``path`` as sorted JSON."""
    data = {"functions": sorted(usage["functions"]), "operators": sorted(usage["operators"])}
    if about:
        data["about"] = about
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=0, sort_keys=True)
        handle.write("\n")
    os.replace(tmp, path)


def merge(paths):
    """The union of the usage files ``paths``."""
    usage = {"functions": set(), "operators": set()}
    for path in paths:
        part = load(path)
        usage["functions"] |= part["functions"]
        usage["operators"] |= part["operators"]
    return usage


ABOUT = ("Functions and operators of mxjax that ran during `python -m mxjax.compat --record` "
         "(the test suite under the mxjax.compat_usage plugin). compat_matrix.md's "
         "'supported' is read from here.")

# ---------------------------------------------------------------------------
# pytest plugin hooks (active only with $MXJAX_USAGE_OUT)

_recorder = None


def _out():
    return os.environ.get(ENV)


def _worker_name(config):
    worker = getattr(config, "workerinput", None)
    return worker["workerid"] if worker else "main"


def pytest_configure(config):
    global _recorder
    out = _out()
    if out:
        if _worker_name(config) == "main":  # parts left by an interrupted run
            for path in glob.glob(glob.escape(out) + ".part-*"):
                os.remove(path)
        _recorder = Recorder()


try:
    import pytest as _pytest

    @_pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(item, nextitem):
        if _recorder is not None:
            _recorder.start()
        try:
            yield
        finally:
            if _recorder is not None:
                _recorder.stop()

    @_pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(session, exitstatus):
        out = _out()
        if _recorder is None or not out:
            return
        _recorder.stop()
        part = "%s.part-%s" % (out, _worker_name(session.config))
        save(_recorder.result(), part)
        if _worker_name(session.config) == "main":  # the run's own process: merge
            parts = sorted(glob.glob(glob.escape(out) + ".part-*"))
            save(merge(parts), out, about=ABOUT)
            for path in parts:
                os.remove(path)
except ImportError:  # pytest is only needed when the plugin is used
    pass
