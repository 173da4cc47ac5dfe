"""mx.io.CSVIter under real MXNet 1.9.1: every batch of two passes over a 4-row file with
batch size 3, with and without round_batch, and an int32 iterator without labels
(tests/test_io.py reads tests/golden/csv_iter.json).

    ~/.mxref/bin/python tools/golden/csv_iter.py
"""
import json
import os
import tempfile

ROWS = "1,2,3\n2,3,4\n3,4,5\n4,5,6\n"
LABELS = "10\n20\n30\n40\n"


def run(mx, folder):
    """{case: batches} for the files written into ``folder``."""
    data, label = os.path.join(folder, "d.csv"), os.path.join(folder, "l.csv")
    with open(data, "w") as f:
        f.write(ROWS)
    with open(label, "w") as f:
        f.write(LABELS)
    out = {}
    for rb in (True, False):
        it = mx.io.CSVIter(data_csv=data, data_shape=(3,), label_csv=label, batch_size=3,
                           round_batch=rb)
        batches = []
        for _ in range(2):
            for b in it:
                batches.append([b.data[0].asnumpy().tolist(), b.label[0].asnumpy().tolist(),
                                int(b.pad), [int(i) for i in b.index]])
            it.reset()
        out["round_batch=%s" % rb] = batches
    it = mx.io.CSVIter(data_csv=data, data_shape=(3,), batch_size=2, dtype="int32")
    b = next(iter(it))
    out["int32"] = [b.data[0].asnumpy().tolist(), b.label[0].asnumpy().tolist(),
                    str(b.data[0].dtype.__name__ if hasattr(b.data[0].dtype, "__name__")
                        else b.data[0].dtype), list(it.provide_label[0].shape)]
    return out


if __name__ == "__main__":
    import mxnet as mx
    with tempfile.TemporaryDirectory() as d:
        res = run(mx, d)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests",
                        "golden", "csv_iter.json")
    with open(path, "w") as f:
        json.dump(res, f, indent=1)
    print("wrote", os.path.normpath(path))
