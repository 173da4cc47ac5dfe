"""compat_matrix.md is up to date, and the rules that classify a name hold.

The synthetic names below are deliberately not MXNet names: every word in this
file counts as "mentioned by a test" for the matrix.
"""
import os
import subprocess
import sys

import pytest

from mxjax import compat

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_committed_matrix_is_current(tmp_path):
    out = tmp_path / "matrix.md"
    # a fresh interpreter: nothing registered or patched by other tests leaks in
    proc = subprocess.run([sys.executable, "-m", "mxjax.compat", "-o", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    with open(os.path.join(ROOT, "compat_matrix.md"), encoding="utf-8") as f:
        committed = f.read()
    fresh = out.read_text(encoding="utf-8")
    if committed != fresh:
        old, new = committed.splitlines(), fresh.splitlines()
        first = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b),
                     min(len(old), len(new)))
        pytest.fail("compat_matrix.md is stale: run `python -m mxjax.compat` and commit it.\n"
                    "first difference at line %d:\n  committed: %r\n  generated: %r"
                    % (first + 1, old[first] if first < len(old) else "<end>",
                       new[first] if first < len(new) else "<end>"))


def test_name_lists_copy_is_used_and_matches_shared():
    assert compat.api_dir() == os.path.normpath(os.path.join(ROOT, "tools", "mxnet_api"))
    shared = os.path.join(ROOT, "..", "shared", "mxnet-1.9.1-api")
    if not os.path.isdir(shared):
        pytest.skip("../shared/mxnet-1.9.1-api is not present")
    for fname in sorted(os.listdir(shared)):
        with open(os.path.join(shared, fname), "rb") as f1, \
                open(os.path.join(compat.api_dir(), fname), "rb") as f2:
            assert f1.read() == f2.read(), fname


def test_read_names(tmp_path):
    (tmp_path / "zzspace.txt").write_text(
        "Zzalpha\nzzbeta(self, *args, **kwargs)\nzzgamma(x=None, y=(1, 2))\nzzbeta(self)\n\n")
    assert compat.read_names("zzspace", str(tmp_path)) == ["Zzalpha", "zzbeta", "zzgamma"]


def test_tested_words_skip_binary(tmp_path):
    (tmp_path / "a.py").write_text("x = zzword_one(zzword_two)\n")
    (tmp_path / "data.npz").write_bytes(b"zzword_three")
    (tmp_path / "blob").write_bytes(b"\0\0zzword_four")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "notes.md").write_text("zzword_five")
    words = compat.tested_words(str(tmp_path))
    assert {"zzword_one", "zzword_two", "zzword_five"} <= words
    assert not {"zzword_three", "zzword_four"} & words


def _zzstub(x):
    """Placeholder."""
    raise NotImplementedError("later")


def _zzstub_bare():
    raise NotImplementedError


def _zzreal(x):
    if x is None:
        raise NotImplementedError("only for None")
    return x


class _ZzStubClass:
    def __init__(self):
        raise NotImplementedError


class _ZzRealClass:
    def __init__(self):
        self.v = 1

    def zzmethod(self):
        raise NotImplementedError

    @property
    def zzprop(self):
        raise NotImplementedError


def _zzmarked():
    return 1


_zzmarked.__mxjax_stub__ = True


def test_is_stub():
    assert compat.is_stub(_zzstub) and compat.is_stub(_zzstub_bare)
    assert not compat.is_stub(_zzreal)
    assert compat.is_stub(_ZzStubClass) and not compat.is_stub(_ZzRealClass)
    assert compat.is_stub(_ZzRealClass.__dict__["zzprop"])
    assert compat.is_stub(_zzmarked)
    assert not compat.is_stub(len) and not compat.is_stub(3) and not compat.is_stub(None)


def test_classify_rules():
    objects = {"zzdone": _zzreal, "zzuntested": _zzreal, "zzdiff": _zzreal,
               "zzplaceholder": _zzstub, "zzclass": _ZzStubClass}

    def resolve(name):
        return (name in objects, objects.get(name))

    names = ["zzdone", "zzuntested", "zzdiff", "zzplaceholder", "zzclass", "zzmissing"]
    rows = compat.classify("zzns", names, resolve, words={"zzdone", "zzdiff", "zzplaceholder",
                                                          "zzmissing"},
                           notes={("zzns", "zzdiff"): "differs a bit"})
    assert rows == [("zzdone", "supported", ""), ("zzuntested", "partial", "untested"),
                    ("zzdiff", "partial", "differs a bit"),
                    ("zzplaceholder", "not supported", "stub"),
                    ("zzclass", "not supported", "stub"), ("zzmissing", "not supported", "")]
    absent = compat.classify("zzns", names, None, words=set(names))
    assert all(status == "not supported" for _, status, _ in absent)


def _zzfn_a():
    return 1


def _zzfn_b():
    return 2


class _ZzBase:
    def zzwork(self):
        return 3


class _ZzChild(_ZzBase):
    pass


def _zz_generated(name):
    def fn():
        return name
    fn.__name__ = name
    return fn


def test_trace_target():
    from mxjax.compat_usage import code_key
    from mxjax.ndarray import registry
    here = "tests/test_compat.py"
    assert code_key(_zzfn_a.__code__) is None  # not mxjax's code
    assert compat.trace_target(3) is None and compat.trace_target(len) is None
    assert compat.trace_target(registry.get_op("dot")) == ("op", "dot")
    assert compat.trace_target(registry.get_op("dot").fn) == ("op", "dot")
    target = compat.trace_target(compat.classify)
    assert target == ("code", frozenset(["compat.py:classify"]))
    import mxjax
    prop = compat.trace_target(mxjax.nd.NDArray.__dict__["shape"])
    assert prop == ("code", frozenset(["ndarray/handle.py:NDArray.shape"]))
    dense = compat.trace_target(mxjax.gluon.nn.Dense)[1]
    assert "gluon/nn/basic_layers.py:Dense.__init__" in dense
    assert here not in str(dense)
    # functions generated by mxjax._codegen are traced by their generated file name
    normal = compat.trace_target(mxjax.nd.random.normal)
    assert normal == ("code", frozenset(["<mxjax.ndarray.random.normal>:normal"]))


def test_classify_by_usage():
    import mxjax
    objects = {"classify": compat.classify, "render": compat.render,
               "sum": mxjax.nd.sum, "mean": mxjax.nd.mean,  # generated: one shared code
               "dot": mxjax.nd.dot, "zzconst": 3, "zzword": 4}

    def resolve(name):
        return (name in objects, objects.get(name))

    usage = {"functions": {"compat.py:classify", "ndarray/frontend.py:make_function.<locals>.fn"},
             "operators": {"sum"}}
    rows = compat.classify("zzns", list(objects), resolve, words={"zzword", "render", "mean"},
                           notes={}, usage=usage)
    assert rows == [("classify", "supported", ""),
                    ("render", "partial", "no test calls it"),  # named in a test: not enough
                    ("sum", "supported", ""),
                    ("mean", "partial", "no test calls it"),  # its shared code ran for sum
                    ("dot", "partial", "no test calls it"),
                    ("zzconst", "partial", "untested"),
                    ("zzword", "supported", "not traceable; a test names it")]


def test_usage_recorder_and_merge(tmp_path):
    from mxjax import compat_usage
    import mxjax
    rec = compat_usage.Recorder()
    rec.start()
    compat.read_names("nd")
    x = mxjax.nd.array([1.0, 2.0])
    (x * 3).asnumpy()
    rec.stop()
    compat.is_stub(None)  # after stop: not recorded
    result = rec.result()
    assert "compat.py:read_names" in result["functions"]
    assert "compat.py:is_stub" not in result["functions"]
    assert "_mul_scalar" in result["operators"]
    a, b = str(tmp_path / "a.json"), str(tmp_path / "b.json")
    compat_usage.save({"functions": {"x:f"}, "operators": {"dot"}}, a)
    compat_usage.save({"functions": ["y:g"], "operators": []}, b)
    assert compat_usage.merge([a, b]) == {"functions": {"x:f", "y:g"}, "operators": {"dot"}}
    assert compat_usage.load(str(tmp_path / "none.json")) == {"functions": set(),
                                                              "operators": set()}


def test_usage_plugin_in_a_pytest_run(tmp_path):
    (tmp_path / "test_tiny.py").write_text(
        "import mxjax\nfrom mxjax import compat\n\n"
        "def test_it():\n    compat.read_names('nd')\n"
        "    assert mxjax.nd.dot(mxjax.nd.ones((2, 2)), mxjax.nd.ones((2, 2))).shape == (2, 2)\n")
    out = tmp_path / "usage.json"
    env = dict(os.environ, MXJAX_USAGE_OUT=str(out))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "mxjax.compat_usage",
                           "-p", "no:xdist", "-p", "no:cacheprovider", "-o", "addopts=",
                           "test_tiny.py"], cwd=str(tmp_path), env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:]
    from mxjax import compat_usage
    usage = compat_usage.load(str(out))
    assert "compat.py:read_names" in usage["functions"]
    assert "dot" in usage["operators"]
    assert "compat.py:render" not in usage["functions"]
    assert not list(tmp_path.glob("usage.json.part-*"))


def test_matrix_layout():
    with open(os.path.join(ROOT, "compat_matrix.md"), encoding="utf-8") as f:
        text = f.read()
    lines = text.splitlines()
    assert lines[0] == "# mxjax compatibility matrix"
    assert lines.index("## Totals") < lines.index("## nd")
    for stem, _, _, _ in compat.NAMESPACES:
        assert "## %s" % stem in lines
    total_line = [ln for ln in lines if ln.startswith("| **all**")][0]
    counts = [int(c.strip(" *")) for c in total_line.split("|")[2:6]]
    assert counts[0] + counts[1] + counts[2] == counts[3]
    rows = [ln for ln in lines if ln.startswith("| `")]
    assert len(rows) == counts[3]


@pytest.mark.parametrize("namespace, module, name", [
    ("gluon", "mxjax.gluon", "HybridBlock"),
    ("gluon.nn", "mxjax.gluon.nn", "Embedding"),
    ("nd", "mxjax.ndarray", "Embedding")])
def test_silently_ignored_features_are_partial(namespace, module, name):
    resolve, _ = compat._resolver(module, None)
    usage = {"functions": set(), "operators": set()}
    [(got, status, note)] = compat.classify(namespace, [name], resolve, {name}, usage=usage)
    assert status == "partial" and note == compat.KNOWN_DIFFERENCES[(namespace, name)]
