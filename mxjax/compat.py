"""Generate ``compat_matrix.md``: which of MXNet 1.9.1's public names mxjax provides.

Run ``python -m mxjax.compat`` (``-o PATH`` writes elsewhere). For every namespace
it compares MXNet 1.9.1's names (``tools/mxnet_api/*.txt``, a copy of
``../shared/mxnet-1.9.1-api/``, which is used when the copy is missing) with what
mxjax provides:

- **supported**: implemented (the name resolves in the mxjax namespace to something
  that is not a stub raising ``NotImplementedError``) and an executed test called it:
  the usage file ``tools/compat_usage.json`` (written by ``python -m mxjax.compat
  --record``, which runs the test suite under the ``mxjax.compat_usage`` plugin)
  holds the function's code object or, for an operator and the functions generated
  from it (``mx.nd.<op>``, fluent ``NDArray`` methods), the operator's name. A class
  counts as called when a function of its own body ran (else its nearest base's).
  A name with no Python code of its own (a constant, a dtype, a function of another
  package re-exported) cannot be traced: it counts when a test mentions its name;
- **partial**: implemented but no test called it, or listed in ``KNOWN_DIFFERENCES``
  below (accepted but different or silently ignored; its note is shown);
- **not supported**: otherwise, including every name of a namespace whose module
  does not exist (yet).

The output depends only on the code, the name lists, the usage file and ``tests/``:
the names keep the order of the lists, and nothing varies from run to run.
"""
import argparse
import ast
import functools
import importlib
import inspect
import os
import re
import subprocess
import sys
import textwrap

__all__ = ["NAMESPACES", "KNOWN_DIFFERENCES", "USAGE", "api_dir", "read_names",
           "tested_words", "is_stub", "trace_target", "classify", "render", "record", "main"]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "compat_matrix.md")
USAGE = os.path.join(ROOT, "tools", "compat_usage.json")

# (list file stem, title, mxjax module, attribute of the module holding the names or None)
NAMESPACES = [
    ("nd", "mx.nd", "mxjax.ndarray", None),
    ("NDArray", "mx.nd.NDArray methods and attributes", "mxjax.ndarray", "NDArray"),
    ("nd.random", "mx.nd.random", "mxjax.ndarray.random", None),
    ("nd.linalg", "mx.nd.linalg", "mxjax.ndarray.linalg", None),
    ("nd.contrib", "mx.nd.contrib", "mxjax.ndarray.contrib", None),
    ("autograd", "mx.autograd", "mxjax.autograd", None),
    ("contrib.autograd", "mx.contrib.autograd", "mxjax.contrib.autograd", None),
    ("random", "mx.random", "mxjax.random", None),
    ("gluon", "mx.gluon", "mxjax.gluon", None),
    ("gluon.nn", "mx.gluon.nn", "mxjax.gluon.nn", None),
    ("gluon.rnn", "mx.gluon.rnn", "mxjax.gluon.rnn", None),
    ("gluon.loss", "mx.gluon.loss", "mxjax.gluon.loss", None),
    ("gluon.data", "mx.gluon.data", "mxjax.gluon.data", None),
    ("gluon.utils", "mx.gluon.utils", "mxjax.gluon.utils", None),
    ("init", "mx.init", "mxjax.initializer", None),
    ("optimizer", "mx.optimizer", "mxjax.optimizer", None),
    ("lr_scheduler", "mx.lr_scheduler", "mxjax.lr_scheduler", None),
    ("metric", "mx.metric", "mxjax.metric", None),
    ("test_utils", "mx.test_utils", "mxjax.test_utils", None),
    ("np", "mx.np", "mxjax.numpy", None),
    ("npx", "mx.npx", "mxjax.numpy_extension", None),
    ("sym", "mx.sym", "mxjax.symbol", None),
    ("Symbol", "mx.sym.Symbol methods and attributes", "mxjax.symbol", "Symbol"),
    ("executor", "mx.executor", "mxjax.executor", None),
    ("mod", "mx.mod", "mxjax.module", None),
    ("model", "mx.model", "mxjax.model", None),
    ("callback", "mx.callback", "mxjax.callback", None),
    ("viz", "mx.viz", "mxjax.visualization", None),
    ("monitor", "mx.monitor", "mxjax.monitor", None),
    ("kv", "mx.kv", "mxjax.kvstore", None),
    ("rnn", "mx.rnn", "mxjax.rnn", None),
    ("gluon.model_zoo.vision", "mx.gluon.model_zoo.vision", "mxjax.gluon.model_zoo.vision", None),
    ("gluon.model_zoo.model_store", "mx.gluon.model_zoo.model_store",
     "mxjax.gluon.model_zoo.model_store", None),
    ("gluon.data.vision", "mx.gluon.data.vision", "mxjax.gluon.data.vision", None),
    ("gluon.data.vision.transforms", "mx.gluon.data.vision.transforms",
     "mxjax.gluon.data.vision.transforms", None),
    ("gluon.contrib.data", "mx.gluon.contrib.data", "mxjax.gluon.contrib.data", None),
    ("image", "mx.image", "mxjax.image", None),
    ("recordio", "mx.recordio", "mxjax.recordio", None),
    ("contrib.text", "mx.contrib.text", "mxjax.contrib.text", None),
    ("registered_operators", "registered operators (the operator registry)", None, None),
]

# Implemented names that behave differently from MXNet: (namespace, name) -> note.
KNOWN_DIFFERENCES = {
    ("nd", "load"): "sparse (csr, row_sparse) arrays are loaded as dense NDArrays",
    ("nd", "load_frombuffer"): "sparse (csr, row_sparse) arrays are loaded as dense NDArrays",
    ("nd", "save"): "sparse arrays are written dense; a file holding a 0-d array is "
                    "written with V3 (NumPy-shape) records, which MXNet loads under "
                    "np_shape(True)",
    ("nd", "to_dlpack_for_write"): "arrays are immutable: writes through the capsule are "
                                   "not seen by the NDArray",
    ("NDArray", "to_dlpack_for_write"): "arrays are immutable: writes through the capsule "
                                        "are not seen by the NDArray",
    ("test_utils", "numeric_grad"): "takes a Python function of NDArrays instead of an "
                                    "Executor",
    ("test_utils", "same_array"): "true only for the same handle (no shared-memory views)",
    ("gluon", "HybridBlock"): "register_op_hook stores the callback and never calls it",
    ("gluon.nn", "Embedding"): "sparse_grad=True: the row_sparse gradient stores the rows "
                               "whose gradient is nonzero (MXNet: every looked-up row)",
    ("nd", "Embedding"): "sparse_grad=True: the gradient has the storage type of the weight's "
                         "gradient buffer (computed dense, rows with a nonzero gradient)",
    ("registered_operators", "Embedding"): "sparse_grad=True: the gradient has the storage "
                                           "type of the weight's gradient buffer",
}

STATUSES = ("supported", "partial", "not supported")

_SKIP_SUFFIXES = (".npz", ".npy", ".nd", ".params", ".pyc", ".png", ".jpg", ".gz", ".zip",
                  ".bin", ".rec", ".idx")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def api_dir():
    """The directory of MXNet 1.9.1's name lists: the repository's copy, else ../shared."""
    for candidate in (os.path.join(ROOT, "tools", "mxnet_api"),
                      os.path.join(ROOT, "..", "shared", "mxnet-1.9.1-api")):
        if os.path.isfile(os.path.join(candidate, "nd.txt")):
            return os.path.normpath(candidate)
    raise FileNotFoundError("MXNet's name lists are in neither tools/mxnet_api/ nor "
                            "../shared/mxnet-1.9.1-api/")


def read_names(stem, directory=None):
    """The names of one list (``name(signature)`` or a bare ``name`` per line), in order."""
    path = os.path.join(directory or api_dir(), stem + ".txt")
    names = []
    seen = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = _WORD.match(line.strip())
            if m and m.group(0) not in seen:
                seen.add(m.group(0))
                names.append(m.group(0))
    return names


def tested_words(tests_dir=None):
    """Every identifier-like word in the text files under ``tests/``."""
    tests_dir = tests_dir or os.path.join(ROOT, "tests")
    words = set()
    for dirpath, dirnames, filenames in os.walk(tests_dir):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for fname in sorted(filenames):
            if fname.endswith(_SKIP_SUFFIXES):
                continue
            try:
                with open(os.path.join(dirpath, fname), "rb") as f:
                    raw = f.read()
            except OSError:
                continue
            if b"\0" in raw[:8192]:
                continue
            words.update(_WORD.findall(raw.decode("utf-8", errors="ignore")))
    return words


_stub_cache = {}


def _raises_not_implemented(stmt):
    if not isinstance(stmt, ast.Raise) or stmt.exc is None:
        return False
    exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def _code_is_stub(fn):
    code = getattr(fn, "__code__", None)
    if code is None or "NotImplementedError" not in code.co_names:
        return False
    found = _stub_cache.get(code)
    if found is None:
        found = False
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
            node = tree.body[0]
            body = list(node.body)
            if body and isinstance(body[0], ast.Expr) and \
                    isinstance(getattr(body[0], "value", None), ast.Constant) and \
                    isinstance(body[0].value.value, str):
                body = body[1:]
            found = bool(body) and all(_raises_not_implemented(s) for s in body)
        except (OSError, TypeError, SyntaxError, IndexError, AttributeError):
            found = False
        _stub_cache[code] = found
    return found


def is_stub(obj):
    """Whether ``obj`` is a placeholder: marked ``__mxjax_stub__``, or a function (or a
    class whose ``__init__``) does nothing but raise ``NotImplementedError``."""
    try:
        if getattr(obj, "__mxjax_stub__", False) is True:
            return True
    except Exception:  # noqa: BLE001 - odd objects are simply not stubs
        return False
    if isinstance(obj, property):
        return obj.fget is not None and _code_is_stub(obj.fget)
    if isinstance(obj, (staticmethod, classmethod)):
        obj = obj.__func__
    if inspect.isclass(obj):
        init = obj.__dict__.get("__init__")
        return init is not None and _code_is_stub(init)
    try:
        fn = inspect.unwrap(obj)
    except ValueError:
        fn = obj
    return _code_is_stub(fn)


def _resolver(module_name, attribute):
    """A function name -> (found, object) for one namespace, or None if it cannot load."""
    if module_name is None:
        from .ndarray import registry
        ops = {n: registry.get_op(n) for n in registry.list_ops()}

        def from_registry(name):
            op = ops.get(name)
            return (op is not None, op.fn if op is not None else None)
        return from_registry, None
    try:
        holder = importlib.import_module(module_name)
        if attribute is not None:
            holder = getattr(holder, attribute)
    except Exception as err:  # noqa: BLE001 - a namespace being built may not import yet
        if isinstance(err, ImportError) and module_name in str(err):
            return None, "module %s does not exist yet" % module_name
        return None, "module %s failed to import (%s)" % (module_name, type(err).__name__)

    def from_namespace(name):
        if inspect.isclass(holder):
            for klass in holder.__mro__:  # class attributes as defined (properties too)
                if name in klass.__dict__:
                    return True, klass.__dict__[name]
            return False, None
        try:
            return True, getattr(holder, name)
        except Exception:  # noqa: BLE001 - AttributeError or a failing lazy attribute
            return False, None
    return from_namespace, None


def _own_code_keys(klass):
    from .compat_usage import code_key
    keys = set()
    for value in vars(klass).values():
        if isinstance(value, property):
            fns = (value.fget, value.fset, value.fdel)
        elif isinstance(value, (staticmethod, classmethod)):
            fns = (value.__func__,)
        else:
            fns = (value,)
        for fn in fns:
            code = getattr(fn, "__code__", None)
            key = code_key(code) if code is not None else None
            if key is not None:
                keys.add(key)
    return keys


def trace_target(obj):
    """What running ``obj`` leaves in the usage file.

    Returns
    -------
    tuple or None
        ``("op", name)`` for an operator (or a function registered as one),
        ``("code", frozenset of code keys)`` for Python code of mxjax, or None when
        ``obj`` has no Python code of mxjax's own to trace.
    """
    from .compat_usage import code_key
    from .ndarray.registry import OpDef
    if isinstance(obj, OpDef):
        return ("op", obj.name)
    if isinstance(obj, property):
        obj = obj.fget
    elif isinstance(obj, (staticmethod, classmethod)):
        obj = obj.__func__
    while isinstance(obj, functools.partial):
        obj = obj.func
    try:
        op = getattr(obj, "op", None)
    except Exception:  # noqa: BLE001 - odd objects
        return None
    if isinstance(op, OpDef):
        return ("op", op.name)
    if inspect.isclass(obj):
        for klass in obj.__mro__:
            keys = _own_code_keys(klass)
            if keys:
                return ("code", frozenset(keys))
        return None
    try:
        fn = inspect.unwrap(obj)
    except ValueError:
        fn = obj
    code = getattr(fn, "__code__", None)
    key = code_key(code) if code is not None else None
    return ("code", frozenset([key])) if key is not None else None


def _targets(names, resolve):
    """``{name: trace_target}``; code shared by several names (functions generated from
    the registry) is traced through the operator of the same name instead."""
    from .ndarray import registry
    found = {}
    for name in names:
        ok, obj = resolve(name) if resolve is not None else (False, None)
        if ok:
            found[name] = (obj, trace_target(obj))
    shared = {}
    for name, (obj, target) in found.items():
        if target is not None and target[0] == "code":
            for key in target[1]:
                shared[key] = shared.get(key, 0) + 1
    out = {}
    for name, (obj, target) in found.items():
        if target is not None and target[0] == "code" and len(target[1]) == 1 and \
                shared[next(iter(target[1]))] > 1:
            opdef = getattr(obj, "op", None)  # a front end naming its operator (mx.np)
            if isinstance(opdef, registry.OpDef):
                out[name] = ("op", opdef.name)
                continue
            op_name = getattr(obj, "__name__", name)
            ops = [n for n in (op_name, name) if n in registry._OPS]
            target = ("op", registry._OPS[ops[0]].name) if ops else target
        out[name] = target
    return out


def _called(target, usage):
    if target[0] == "op":
        return target[1] in usage["operators"]
    return bool(target[1] & usage["functions"])


def classify(namespace, names, resolve, words, notes=None, usage=None):
    """[(name, status, note)] for ``names`` of ``namespace``.

    Parameters
    ----------
    namespace : str
    names : list of str
    resolve : callable or None
        ``resolve(name) -> (found, object)``; None when the module does not exist.
    words : set of str
        The words used in tests (the evidence for names that cannot be traced).
    notes : dict, optional
        ``(namespace, name) -> note`` of known differences (default ``KNOWN_DIFFERENCES``).
    usage : dict, optional
        ``{"functions": set, "operators": set}`` that ran in the test suite
        (``mxjax.compat_usage``); None: no name can be traced (words decide).
    """
    notes = KNOWN_DIFFERENCES if notes is None else notes
    targets = _targets(names, resolve) if usage is not None else {}
    rows = []
    for name in names:
        found, obj = resolve(name) if resolve is not None else (False, None)
        target = targets.get(name)
        if not found or is_stub(obj):
            rows.append((name, "not supported", "stub" if found else ""))
        elif (namespace, name) in notes:
            rows.append((name, "partial", notes[(namespace, name)]))
        elif target is not None:
            if _called(target, usage):
                rows.append((name, "supported", ""))
            else:
                rows.append((name, "partial", "no test calls it"))
        elif name not in words:
            rows.append((name, "partial", "untested"))
        else:
            rows.append((name, "supported", "not traceable; a test names it" if usage is not None
                         else ""))
    return rows


def _counts(rows):
    return [sum(1 for r in rows if r[1] == s) for s in STATUSES]


def _anchor(stem):
    return re.sub(r"[^a-z0-9_-]", "", stem.lower().replace(" ", "-"))


def render(directory=None, tests_dir=None, usage_path=None):
    """The text of compat_matrix.md."""
    from . import compat_usage
    directory = directory or api_dir()
    words = tested_words(tests_dir)
    usage = compat_usage.load(usage_path or USAGE)
    sections = []
    for stem, title, module_name, attribute in NAMESPACES:
        names = read_names(stem, directory)
        resolve, problem = _resolver(module_name, attribute)
        sections.append((stem, title, classify(stem, names, resolve, words, usage=usage),
                         problem))

    out = ["# mxjax compatibility matrix", "",
           "Generated by `python -m mxjax.compat` from the operator registry and the mxjax "
           "namespaces, against MXNet 1.9.1's public names (`tools/mxnet_api/`), and "
           "from what the test suite called (`tools/compat_usage.json`, recorded by "
           "`python -m mxjax.compat --record`). Do not edit by hand.", "",
           "- **supported**: implemented, and an executed test called it (its code ran, "
           "or its operator ran); a name with no Python code of its own (noted \"not "
           "traceable\") counts when a test names it;",
           "- **partial**: implemented but no test calls it, or with a known difference "
           "(noted);",
           "- **not supported**: not implemented (or only a stub), including every name of a "
           "namespace whose module does not exist yet.", "",
           "## Totals", "",
           "| namespace | supported | partial | not supported | total |",
           "|---|---:|---:|---:|---:|"]
    totals = [0, 0, 0]
    for stem, title, rows, _ in sections:
        c = _counts(rows)
        totals = [t + x for t, x in zip(totals, c)]
        out.append("| [%s](#%s) | %d | %d | %d | %d |" % (stem, _anchor(stem), c[0], c[1], c[2],
                                                        len(rows)))
    out.append("| **all** | **%d** | **%d** | **%d** | **%d** |"
               % (totals[0], totals[1], totals[2], sum(totals)))
    for stem, title, rows, problem in sections:
        c = _counts(rows)
        out += ["", "## %s" % stem, "",
                "`%s`: %d supported, %d partial, %d not supported." % (title, c[0], c[1], c[2])]
        if problem:
            out.append("")
            out.append("_%s._" % problem)
        out += ["", "| name | status | note |", "|---|---|---|"]
        for name, status, note in rows:
            out.append("| `%s` | %s | %s |" % (name, status, note.replace("|", "\\|")))
    return "\n".join(out) + "\n"


def record(usage_path=None, pytest_args=()):
    """Run the test suite under the ``mxjax.compat_usage`` plugin, writing the usage file.

    The conformance ratchet (MXNet's own test files, in subprocesses) is left out.

    Parameters
    ----------
    usage_path : str, optional
        Where to write (default ``tools/compat_usage.json``).
    pytest_args : sequence of str
        More pytest arguments.

    Returns
    -------
    int
        pytest's exit status (failing tests still leave their calls recorded).
    """
    env = dict(os.environ)
    env["MXJAX_USAGE_OUT"] = os.path.abspath(usage_path or USAGE)
    cmd = [sys.executable, "-m", "pytest", "-p", "mxjax.compat_usage", "--deselect",
           "tests/conformance/test_conformance.py::test_mxnet_unit_tests_do_not_regress"]
    return subprocess.call(cmd + list(pytest_args), cwd=ROOT, env=env)


def main(argv=None):
    """Write compat_matrix.md (or ``-o PATH``); with ``--record`` run the suite first."""
    parser = argparse.ArgumentParser(prog="python -m mxjax.compat", description=__doc__.split(
        "\n")[0])
    parser.add_argument("-o", "--output", default=OUTPUT, help="where to write the matrix "
                        "(default: compat_matrix.md at the repository root)")
    parser.add_argument("--record", action="store_true", help="first run the test suite "
                        "recording what it calls into tools/compat_usage.json")
    parser.add_argument("--usage", default=USAGE, help="the usage file (default: "
                        "tools/compat_usage.json)")
    args, rest = parser.parse_known_args(argv)
    if rest and not args.record:
        parser.error("unrecognized arguments: %s" % " ".join(rest))
    if args.record:
        status = record(args.usage, rest)
        print("test suite exit status %d; usage written to %s" % (status, args.usage))
    elif not os.path.exists(args.usage):
        print("warning: %s does not exist: no name counts as called by a test (run "
              "`python -m mxjax.compat --record`)" % args.usage, file=sys.stderr)
    text = render(usage_path=args.usage)
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, args.output)
    lines = [ln for ln in text.splitlines() if ln.startswith("| **all**")]
    print("wrote %s %s" % (os.path.relpath(args.output), lines[0] if lines else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
