"""mxjax.legacy_numpy: the mxnet alias puts back NumPy's aliases of the builtin types
(removed in NumPy 1.24) that MXNet-era code uses - GluonCV's Faster R-CNN anchors say
``np.array(sizes, dtype=np.float)``."""
import os
import subprocess
import sys
import textwrap

import numpy as np

from mxjax.legacy_numpy import LEGACY_ALIASES, restore_numpy_aliases


def _run(code, *args):
    return subprocess.run([sys.executable, *args] if args else [sys.executable, "-c", code],
                          capture_output=True, text=True)


def test_alias_restores_removed_names_in_a_fresh_process():
    code = textwrap.dedent("""
        import numpy as np
        missing = [n for n in ("int", "float", "complex", "object", "str", "unicode")
                   if not hasattr(np, n)]
        bool_before, long_before = np.bool, np.long
        import mxjax
        mxjax.install_mxnet_alias()
        assert np.float is float and np.int is int and np.object is object
        assert np.str is str and np.complex is complex and np.unicode is str
        assert np.bool is bool_before and np.long is long_before  # NumPy 2's own, kept
        a = np.array([1, 2], dtype=np.float) / np.int(4)
        assert a.dtype == np.float64 and a.tolist() == [0.25, 0.5]
        print(",".join(missing))
    """)
    r = _run(code)
    assert r.returncode == 0, r.stderr
    # on NumPy >= 1.24 these six were missing before the alias
    assert r.stdout.strip() == "int,float,complex,object,str,unicode"


def test_python_m_mxjax_script_sees_aliases(tmp_path):
    script = tmp_path / "legacy.py"
    script.write_text("import mxnet as mx\nimport numpy as np\n"
                      "print(mx.nd.array(np.ones(2, dtype=np.float)).dtype, np.int(2.7))\n")
    r = _run(None, "-m", "mxjax", str(script))
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["<class", "'numpy.float32'>", "2"]


def test_restore_is_idempotent_and_never_replaces_numpy_names():
    restore_numpy_aliases()
    assert restore_numpy_aliases() == []
    for name, builtin in LEGACY_ALIASES.items():
        value = getattr(np, name)
        # either NumPy's own type (np.bool, np.long in NumPy 2) or the builtin
        assert value is builtin or value.__module__ == "numpy", (name, value)
    assert np.bool is np.bool_


def test_names_removed_by_numpy2_come_back_as_numpy1_had_them():
    # MXNet 1.9.1's test_ndarray compares with np.NaN (gone in NumPy 2.0)
    restore_numpy_aliases()
    assert np.isnan(np.NaN) and np.isnan(np.NAN)
    assert np.Inf == np.inf and np.NINF == -np.inf and np.infty == np.inf
    assert np.float_ is np.float64 and np.complex_ is np.complex128
    assert np.string_ is np.bytes_ and np.unicode_ is np.str_
    assert np.array([1], dtype=np.float_).dtype == np.float64
