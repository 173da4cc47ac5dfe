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
