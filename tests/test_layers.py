"""The layering of mxjax (docs/architecture.md): no import circle, the core below all.

Imports are read from the sources (module level and inside functions alike: a
function-level import that goes up is a circle held together at run time). Importing
``a.b.c`` is counted as a dependency on ``a.b.c`` only, not on the package
``__init__`` modules Python runs on the way.
"""
import ast
import os

import mxjax

ROOT = os.path.dirname(mxjax.__file__)

# small pairs not yet untied (none involves the core, the dispatch path, autograd,
# mx.nd, mx.sym or Gluon's blocks); this list may only shrink
KNOWN_PAIRS = {
    frozenset({"mxjax.numpy._indexing", "mxjax.numpy.multiarray"}),
    frozenset({"mxjax", "mxjax.alias"}),
    frozenset({"mxjax.image.image", "mxjax.recordio"}),
    frozenset({"mxjax.kvstore.base", "mxjax.kvstore.kvstore"}),
}


def _modules():
    mods = {}
    for dirpath, _, files in os.walk(ROOT):
        for f in files:
            if f.endswith(".py"):
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, os.path.dirname(ROOT))[:-3].replace(os.sep, ".")
                mods[rel[:-9] if rel.endswith(".__init__") else rel] = path
    return mods


def _imports(mods):
    """module -> set of mxjax modules it imports (anywhere in its source)."""
    edges = {}
    for mod, path in mods.items():
        is_pkg = path.endswith("__init__.py")
        tree = ast.parse(open(path, encoding="utf-8").read())
        out = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                out.update(a.name for a in node.names if a.name in mods)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = mod.split(".")
                    base = parts if is_pkg else parts[:-1]
                    base = base[:len(base) - (node.level - 1)]
                    base = ".".join(base + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                for a in node.names:
                    cand = base + "." + a.name
                    target = cand if cand in mods else base
                    if target in mods and target != mod:
                        out.add(target)
        edges[mod] = out
    return edges


def _cycles(edges):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(frozenset(comp))

    import sys
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10000))
    try:
        for v in edges:
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return comps


def test_no_import_circle_beyond_the_known_pairs():
    cycles = _cycles(_imports(_modules()))
    unexpected = [sorted(c) for c in cycles if c not in KNOWN_PAIRS]
    assert not unexpected, unexpected


def test_the_core_imports_only_base_and_itself():
    edges = _imports(_modules())
    allowed = {"mxjax.base", "mxjax.context"}
    for mod, targets in edges.items():
        if mod.startswith("mxjax.core"):
            bad = {t for t in targets if not t.startswith("mxjax.core") and t not in allowed}
            assert not bad, (mod, bad)


def test_handle_dispatch_and_autograd_sit_in_that_order():
    edges = _imports(_modules())
    below = {
        # views: shared memory between handles (imports only the core's program cache)
        "mxjax.ndarray.handle": {"mxjax.base", "mxjax.context", "mxjax.ndarray.transfer",
                                 "mxjax.ndarray.host", "mxjax.ndarray.views"},
        "mxjax.ndarray.registry": {"mxjax.base", "mxjax.context", "mxjax.ndarray.handle"},
        "mxjax.autograd": {"mxjax.base", "mxjax.context", "mxjax.ndarray.handle",
                           "mxjax.ndarray.registry", "mxjax.ndarray.creation",
                           "mxjax.symbol.symbol"},
    }
    for mod, ok in below.items():
        bad = {t for t in edges[mod] if not t.startswith("mxjax.core") and t not in ok}
        assert not bad, (mod, bad)


def test_no_injected_ndarray_class():
    # the dispatch path and autograd import the handle class; nobody binds it into them
    for mod in ("ndarray/registry.py", "autograd.py", "ndarray/ndarray.py"):
        assert "bind_ndarray" not in open(os.path.join(ROOT, mod), encoding="utf-8").read()
