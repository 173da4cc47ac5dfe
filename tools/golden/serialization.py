"""Write NDArray files with real MXNet 1.9.1 for mxjax's serialization tests.

Run with the reference interpreter::

    ~/.mxref/bin/python tools/golden/serialization.py

Writes ``tests/golden/serialization/<case>`` (``*.nd``/``*.params``: the files
exactly as MXNet's ``nd.save`` wrote them) and
``tests/golden/serialization/expected.npz``: for each file ``<case>::kind``
('list' or 'dict'), ``<case>::names`` (dict keys in file order),
``<case>::byte_identical`` (whether re-saving the loaded arrays must give the
same bytes) and ``<case>::<i>`` the i-th array as MXNet loads it back
(``asnumpy()``, dtype included).
"""
import os
import sys

import numpy as np
import mxnet as mx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

OUT_DIR = os.path.join(common.GOLDEN_DIR, "serialization")


def dtype_arrays():
    """One array per dtype MXNet 1.9.1 can save, with edge values."""
    fl = [[0.0, -1.5, 3.25], [np.inf, -np.inf, np.nan]]
    return {
        "float32": mx.nd.array(fl, dtype="float32"),
        "float64": mx.nd.array([1.0 / 3, -2.0 ** -1000, 1e300, np.nan], dtype="float64"),
        "float16": mx.nd.array([[0.1, -65504.0], [6e-8, np.inf]], dtype="float16"),
        "uint8": mx.nd.array([0, 1, 127, 255], dtype="uint8"),
        "int8": mx.nd.array([-128, -1, 0, 127], dtype="int8"),
        "int32": mx.nd.array([[-2 ** 31, 2 ** 31 - 1], [0, -7]], dtype="int32"),
        "int64": mx.nd.array(np.array([-2 ** 63, 2 ** 63 - 1, 0, 1 << 40], dtype=np.int64),
                             dtype="int64"),
        "bool": mx.nd.array(np.array([True, False, True]), dtype="bool"),
    }


def cases():
    """{case: (data passed to nd.save, byte_identical, np_shape)}."""
    rs = np.random.RandomState(0)
    out = {}
    out["dtypes.nd"] = (dtype_arrays(), True, False)
    out["list.nd"] = ([mx.nd.array(rs.randn(5)),
                    mx.nd.array(rs.randn(2, 3)),
                    mx.nd.array(rs.randn(2, 1, 3, 2), dtype="float64"),
                    mx.nd.array(rs.randint(-9, 9, (4, 1)), dtype="int32"),
                    mx.nd.array(np.zeros((0, 3)))], True, False)
    out["single.nd"] = (mx.nd.arange(12).reshape((3, 4)), True, False)
    out["empty_list.nd"] = ([], True, False)
    out["empty_dict.nd"] = ({}, True, False)  # saved with no names: loads as []
    out["params.params"] = ({"dense0_weight": mx.nd.array(rs.randn(4, 3)),
                      "dense0_bias": mx.nd.zeros((4,)),
                      "conv0_weight": mx.nd.array(rs.randn(2, 1, 3, 3)),
                      "\u00fcn\u00efc\u00f8de name": mx.nd.ones((1,), dtype="int64")},
                     True, False)
    out["pinned.nd"] = ([mx.nd.ones((2,), ctx=mx.cpu_pinned(0)),
                      mx.nd.ones((1,), ctx=mx.cpu(1))], False, False)
    out["sparse.nd"] = ([mx.nd.array([[0, 1, 0], [2, 0, 3]]).tostype("csr"),
                      mx.nd.sparse.row_sparse_array(([[1, 2, 3.]], [1]), shape=(3, 3)),
                      mx.nd.array([[0, 0], [4, 5], [0, 0], [6, 0]]).tostype("row_sparse")],
                     False, False)
    out["np_shape.nd"] = (None, True, True)  # built inside np_shape(True) below
    return out


def np_shape_data():
    """Arrays saved under NumPy shape semantics (V3 records): a 0-d array among others."""
    return {"scalar": mx.nd.array(np.array(2.5)),
            "vector": mx.nd.array([1, 2, 3], dtype="int32"),
            "zero_size": mx.nd.zeros((0, 2))}


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    expected = {}
    for case, (data, byte_identical, np_shape) in cases().items():
        fname = os.path.join(OUT_DIR, case)
        with mx.util.np_shape(np_shape):
            if data is None:
                data = np_shape_data()
            mx.nd.save(fname, data)
            loaded = mx.nd.load(fname)
        fields = {"kind": np.array("dict" if isinstance(loaded, dict) else "list"),
                  "byte_identical": np.array(byte_identical)}
        values = list(loaded.values()) if isinstance(loaded, dict) else loaded
        names = list(loaded.keys()) if isinstance(loaded, dict) else []
        fields["names"] = np.array(names, dtype=str)
        for i, v in enumerate(values):
            fields[str(i)] = v.asnumpy()
        expected[case] = fields
        print("wrote %s (%d arrays)" % (os.path.relpath(fname), len(values)))
    common.save("serialization/expected", expected)


if __name__ == "__main__":
    main()
