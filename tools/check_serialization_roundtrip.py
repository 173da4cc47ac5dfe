"""Check that files written by mxjax's ``nd.save`` load in real MXNet 1.9.1.

Two halves, one per interpreter::

    # 1. mxjax writes the files and the values they should hold
    python tools/check_serialization_roundtrip.py write [DIR]
    # 2. real MXNet loads them, compares values/dtypes/names, re-saves each and
    #    compares the bytes with mxjax's file
    ~/.mxref/bin/python tools/check_serialization_roundtrip.py verify [DIR]

or both in one go (``run`` calls ``~/.mxref/bin/python``, or ``$MXNET_PYTHON``)::

    python tools/check_serialization_roundtrip.py run [DIR]

DIR defaults to ``tests/golden/serialization/from_mxjax``; the files committed
there passed ``verify``, and ``tests/ndarray/test_serialization.py`` checks that
mxjax still writes them byte for byte (``build_cases`` is shared with that test).
The exit status is non-zero when any check fails.
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DIR = os.path.join(ROOT, "tests", "golden", "serialization", "from_mxjax")
MANIFEST = "expected.npz"


def build_values():
    """{file name: (list or dict of NumPy arrays, options)}, the same on every call.

    options: ``ctx`` (a device type name for the arrays), ``np_shape`` (MXNet must
    load the file under NumPy shape semantics), ``byte_identical`` (MXNet re-saving
    what it loaded must give the same bytes).
    """
    import ml_dtypes
    rs = np.random.RandomState(42)
    f32 = np.array([[0.0, -1.5, 3.25], [np.inf, -np.inf, np.nan]], dtype=np.float32)
    dtypes = {
        "float32": f32,
        "float64": np.array([1.0 / 3, -1e-300, 1e300, np.nan]),
        "float16": np.array([[0.1, -65504.0], [6e-8, np.inf]], dtype=np.float16),
        "uint8": np.array([0, 1, 127, 255], dtype=np.uint8),
        "int8": np.array([-128, -1, 0, 127], dtype=np.int8),
        "int32": np.array([[-2 ** 31, 2 ** 31 - 1], [0, -7]], dtype=np.int32),
        "int64": np.array([-2 ** 63, 2 ** 63 - 1, 0, 1 << 40], dtype=np.int64),
        "bool": np.array([True, False, True]),
    }
    plain = {"byte_identical": True}
    return {
        "dtypes.params": (dtypes, plain),
        "list.nd": ([rs.randn(7).astype(np.float32), rs.randn(3, 2).astype(np.float32),
                     rs.randn(2, 3, 1, 2), rs.randint(-50, 50, (5, 1)).astype(np.int32),
                     np.zeros((0, 4), np.float32), rs.rand(40, 25).astype(np.float32)],
                    plain),
        "single.nd": ([np.arange(12, dtype=np.float32).reshape(3, 4)], plain),
        "empty.nd": ([], plain),
        "names.params": ({"dense0_weight": rs.randn(4, 3).astype(np.float32),
                          "dense0_bias": np.zeros(4, np.float32),
                          "\u00fcn\u00efc\u00f8de name": np.ones(1, np.int64)}, plain),
        "scalar.nd": ({"scalar": np.array(2.5, np.float32),
                       "vector": np.array([1, 2, 3], np.int32),
                       "zero_size": np.zeros((0, 2), np.float32)},
                      {"np_shape": True, "byte_identical": True}),
        "pinned.nd": ([np.ones(2, np.float32)], {"ctx": "cpu_pinned"}),
        "bfloat16.nd": ([np.array([1.5, -2.0, 3.0, 0.1], dtype=ml_dtypes.bfloat16)], plain),
    }


def build_cases():
    """{file name: (data for mxjax's nd.save, options)} from ``build_values``."""
    import mxjax as mx
    cases = {}
    for fname, (values, opts) in build_values().items():
        ctx = mx.Context(opts.get("ctx", "cpu"), 0)
        def conv(v):
            return mx.nd.array(v, ctx=ctx, dtype=v.dtype)
        if isinstance(values, dict):
            data = {k: conv(v) for k, v in values.items()}
        else:
            data = [conv(v) for v in values]
        cases[fname] = (data, opts)
    return cases


def write(directory):
    """Save every case with mxjax into ``directory``, with the manifest of expected values."""
    import mxjax as mx
    os.makedirs(directory, exist_ok=True)
    manifest = {}
    for fname, (data, opts) in build_cases().items():
        mx.nd.save(os.path.join(directory, fname), data)
        values = list(data.values()) if isinstance(data, dict) else data
        manifest[fname + "::kind"] = np.array("dict" if isinstance(data, dict) else "list")
        manifest[fname + "::names"] = np.array(list(data) if isinstance(data, dict) else [],
                                               dtype=str)
        manifest[fname + "::np_shape"] = np.array(bool(opts.get("np_shape")))
        manifest[fname + "::byte_identical"] = np.array(bool(opts.get("byte_identical")))
        for i, v in enumerate(values):
            a = v.asnumpy()
            if a.dtype.name == "bfloat16":  # stored as its bits; NumPy cannot name it
                manifest[fname + "::bf16bits::%d" % i] = a.view(np.uint16)
            else:
                manifest[fname + "::%d" % i] = a
        print("mxjax wrote %s" % fname)
    np.savez(os.path.join(directory, MANIFEST), **manifest)
    return 0


def _same(actual, expected):
    return (actual.shape == expected.shape and actual.dtype == expected.dtype
            and np.array_equal(actual, expected, equal_nan=actual.dtype.kind == "f"))


def verify(directory):
    """Load every file with real MXNet and compare; returns the number of failures."""
    import mxnet as mx
    man = np.load(os.path.join(directory, MANIFEST))
    files = sorted({k.split("::")[0] for k in man.files})
    failures = 0
    for fname in files:
        path = os.path.join(directory, fname)
        problems = []
        np_shape = bool(man[fname + "::np_shape"])
        with mx.util.np_shape(np_shape):
            try:
                loaded = mx.nd.load(path)
            except mx.base.MXNetError as err:
                print("FAIL %s: MXNet cannot load it: %s" % (fname, str(err).splitlines()[-1]))
                failures += 1
                continue
            kind = str(man[fname + "::kind"])
            names = [str(n) for n in man[fname + "::names"]]
            if ("dict" if isinstance(loaded, dict) else "list") != kind:
                problems.append("loaded a %s, expected a %s" % (type(loaded).__name__, kind))
            values = list(loaded.values()) if isinstance(loaded, dict) else list(loaded)
            if isinstance(loaded, dict) and list(loaded) != names:
                problems.append("names %s != %s" % (list(loaded), names))
            for i, v in enumerate(values):
                a = v.asnumpy()
                if fname + "::bf16bits::%d" % i in man.files:
                    exp = man[fname + "::bf16bits::%d" % i]
                    got = a.view(np.uint16).reshape(a.shape) if a.dtype.names else a
                    ok = got.dtype == np.uint16 and np.array_equal(got, exp)
                else:
                    exp = man[fname + "::%d" % i]
                    ok = _same(a, exp)
                if not ok:
                    problems.append("array %d: got %s %s, expected %s %s"
                                    % (i, a.dtype, a.shape, exp.dtype, exp.shape))
                if v.context != mx.cpu(0):
                    problems.append("array %d loaded on %s" % (i, v.context))
            n_expected = sum(1 for k in man.files if k.startswith(fname + "::")
                             and k.split("::")[-1].isdigit())
            if len(values) != n_expected:
                problems.append("%d arrays, expected %d" % (len(values), n_expected))
            if bool(man[fname + "::byte_identical"]):
                with tempfile.TemporaryDirectory() as tmp:
                    again = os.path.join(tmp, "again")
                    mx.nd.save(again, loaded)
                    with open(again, "rb") as f1, open(path, "rb") as f2:
                        if f1.read() != f2.read():
                            problems.append("MXNet re-saves different bytes")
        if problems:
            failures += 1
            print("FAIL %s: %s" % (fname, "; ".join(problems)))
        else:
            print("ok   %s (%d arrays%s)" % (fname, len(values),
                                            ", byte-identical" if bool(
                                                man[fname + "::byte_identical"]) else ""))
    print("%d of %d files failed" % (failures, len(files)))
    return failures


def main(argv):
    if len(argv) < 2 or argv[1] not in ("write", "verify", "run"):
        print(__doc__)
        return 2
    directory = os.path.abspath(argv[2]) if len(argv) > 2 else DEFAULT_DIR
    sys.path.insert(0, ROOT)
    if argv[1] == "write":
        return write(directory)
    if argv[1] == "verify":
        return 1 if verify(directory) else 0
    write(directory)
    ref = os.environ.get("MXNET_PYTHON", os.path.expanduser("~/.mxref/bin/python"))
    return subprocess.call([ref, os.path.abspath(__file__), "verify", directory])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
