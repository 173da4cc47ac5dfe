"""Golden batches of mx.io.LibSVMIter from MXNet 1.9.1: CSR data, CSR labels from a
label file or dense labels from the first column, pads and indices over three passes
(round_batch continues after the rows that completed the last batch).

Run: ~/.mxref/bin/python tools/golden/libsvm_iter.py
Writes tests/golden/libsvm_iter.npz; tests/test_io_libsvm.py replays it.
"""
import os
import sys
import tempfile

import numpy as np
import mxnet as mx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save  # noqa: E402

DATA = "1.0 0:0.5 2:1.2\n-2.0\n-3.0 0:0.6 1:2.4 2:1.2\n4 2:-1.2\n5 1:3.5\n"
LABEL = "1.0\n-2.0 0:0.125\n-3.0 2:1.2\n4 1:1.0 2:-1.2\n0 0:2\n"


def run(data_path, label_path, batch_size):
    kwargs = dict(data_libsvm=data_path, data_shape=(3,), batch_size=batch_size)
    if label_path:
        kwargs.update(label_libsvm=label_path, label_shape=(3,))
    it = mx.io.LibSVMIter(**kwargs)
    out = {"label_file": np.array(bool(label_path)), "batch_size": np.array(batch_size)}
    i = 0
    for epoch in range(3):
        for batch in it:
            assert batch.data[0].stype == "csr"
            out["data%d" % i] = batch.data[0].asnumpy()
            out["label%d" % i] = batch.label[0].asnumpy()
            out["label_stype%d" % i] = np.array(batch.label[0].stype)
            out["pad%d" % i] = np.array(batch.pad)
            out["index%d" % i] = np.asarray(batch.index)
            out["epoch%d" % i] = np.array(epoch)
            i += 1
        it.reset()
    return out


def main():
    tmp = tempfile.mkdtemp()
    data_path, label_path = os.path.join(tmp, "data.t"), os.path.join(tmp, "label.t")
    with open(data_path, "w") as f:
        f.write(DATA)
    with open(label_path, "w") as f:
        f.write(LABEL)
    cases = {"csr_labels_batch3": run(data_path, label_path, 3),
             "dense_labels_batch2": run(data_path, None, 2),
             "dense_labels_batch5": run(data_path, None, 5)}
    for c in cases.values():
        c["data_text"] = np.array(DATA)
        c["label_text"] = np.array(LABEL)
    save("libsvm_iter", cases)


if __name__ == "__main__":
    main()
