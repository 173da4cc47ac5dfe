"""mx.io.LibSVMIter against MXNet 1.9.1 (tools/golden/libsvm_iter.py): CSR batches,
labels, pads and indices over three passes; errors on bad files."""
import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError

import golden_utils

GOLDEN = golden_utils.load("libsvm_iter")


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_libsvm_iter_matches_mxnet(case, tmp_path):
    c = GOLDEN[case]
    kwargs = dict(data_libsvm=_write(tmp_path, "data.t", str(c["data_text"])),
                  data_shape=(3,), batch_size=int(c["batch_size"]))
    if bool(c["label_file"]):
        kwargs.update(label_libsvm=_write(tmp_path, "label.t", str(c["label_text"])),
                      label_shape=(3,))
    it = mx.io.LibSVMIter(**kwargs)
    i = 0
    for epoch in range(3):
        for batch in it:
            assert int(c["epoch%d" % i]) == epoch
            data, label = batch.data[0], batch.label[0]
            assert data.stype == "csr"
            data.check_format(True)
            np.testing.assert_array_equal(data.asnumpy(), c["data%d" % i])
            assert label.stype == str(c["label_stype%d" % i])
            np.testing.assert_array_equal(label.asnumpy(), c["label%d" % i])
            assert batch.pad == int(c["pad%d" % i])
            np.testing.assert_array_equal(batch.index, c["index%d" % i])
            i += 1
        it.reset()
    assert "data%d" % i not in c
    assert it.provide_data[0].shape == (int(c["batch_size"]), 3)


def test_libsvm_iter_errors(tmp_path):
    bad = _write(tmp_path, "bad.t", "1.0 0:0.5\n-3.0 -1:0.6 1:2.4\n")
    with pytest.raises(MXNetError, match="line 2"):
        mx.io.LibSVMIter(data_libsvm=bad, data_shape=(3,), batch_size=1)
    good = _write(tmp_path, "good.t", "1.0 0:0.5 2:1.2\n")
    with pytest.raises(MXNetError, match="outside"):
        mx.io.LibSVMIter(data_libsvm=good, data_shape=(2,), batch_size=1)
    with pytest.raises(MXNetError, match="round_batch"):
        mx.io.LibSVMIter(data_libsvm=good, data_shape=(3,), batch_size=1, round_batch=False)
    with pytest.raises(MXNetError, match="not found"):
        mx.io.LibSVMIter(data_libsvm=str(tmp_path / "none.t"), data_shape=(3,))
