"""mx.io: NDArrayIter (pad / discard / roll_over, shuffle, dict inputs), DataBatch,
DataDesc, ResizeIter and PrefetchingIter vs MXNet 1.9.1 golden values."""
import numpy as np
import pytest

import mxjax as mx
import golden_utils

G = golden_utils.load("gluon_train_data")
X = np.arange(10 * 3, dtype="float32").reshape(10, 3)
Y = np.arange(10, dtype="int64") % 3


def stack(batches):
    return np.concatenate([b.reshape(b.shape[0], -1) for b in batches]), \
        np.array([b.shape[0] for b in batches])


@pytest.mark.parametrize("handle", ["pad", "discard", "roll_over"])
def test_ndarrayiter_vs_mxnet(handle):
    it = mx.io.NDArrayIter(X, Y, batch_size=4, last_batch_handle=handle)
    exp = G["iter_" + handle]
    for epoch in range(2):
        datas, labels, pads = [], [], []
        for batch in it:
            datas.append(batch.data[0].asnumpy())
            labels.append(batch.label[0].asnumpy())
            pads.append(batch.pad)
        it.reset()
        d, n = stack(datas)
        lab, _ = stack(labels)
        np.testing.assert_array_equal(d, exp["data%d" % epoch])
        np.testing.assert_array_equal(n, exp["sizes%d" % epoch])
        np.testing.assert_array_equal(lab, exp["label%d" % epoch])
        np.testing.assert_array_equal(pads, exp["pad%d" % epoch])
    assert repr(it.provide_data) == str(exp["provide_data"])
    assert repr(it.provide_label) == str(exp["provide_label"])


def test_ndarrayiter_shuffle_dict_vs_mxnet():
    np.random.seed(5)
    it = mx.io.NDArrayIter({"a": X, "b": X * 2}, {"y": Y}, batch_size=3, shuffle=True)
    datas = []
    for _ in range(2):
        for batch in it:
            datas.append(np.concatenate([batch.data[0].asnumpy(), batch.data[1].asnumpy(),
                                         batch.label[0].asnumpy()[:, None]], axis=1))
        it.reset()
    np.testing.assert_array_equal(np.concatenate(datas), G["iter_shuffle_dict"]["batches"])
    assert repr(it.provide_data) == str(G["iter_shuffle_dict"]["provide_data"])


def test_ndarrayiter_pad_tiles_small_data():
    it = mx.io.NDArrayIter(X[:3], batch_size=8, last_batch_handle="pad")
    b = next(iter(it))
    golden_utils.assert_matches(b.data[0], G["iter_pad_tile"]["data"])
    assert b.pad == int(G["iter_pad_tile"]["pad"])
    assert it.label == [] and b.label == []


def test_databatch_datadesc():
    assert str(mx.io.DataBatch([mx.nd.ones((2, 3))], [mx.nd.ones((2,))])) == \
        str(G["databatch_str"]["text"])
    assert repr(mx.io.DataDesc("x", (2, 3))) == str(G["datadesc_repr"]["text"])
    d = mx.io.DataDesc("x", (2, 3), "float16", "TNC")
    assert d.name == "x" and d.shape == (2, 3) and d.dtype == "float16"
    assert mx.io.DataDesc.get_batch_axis("TNC") == 1 and mx.io.DataDesc.get_batch_axis(None) == 0
    descs = mx.io.DataDesc.get_list([("a", (1,)), ("b", (2,))], [("a", "int32"),
                                                                  ("b", "float32")])
    assert [x.dtype for x in descs] == ["int32", "float32"]
    with pytest.raises(AssertionError, match="Data must be list of NDArrays"):
        mx.io.DataBatch(mx.nd.ones(2))


def test_resize_and_prefetching_iters():
    base = mx.io.NDArrayIter(X, Y, batch_size=4, last_batch_handle="discard")
    resized = mx.io.ResizeIter(base, 5)
    batches = list(resized)
    assert len(batches) == 5
    np.testing.assert_array_equal(batches[2].data[0].asnumpy(), X[:4])
    pre = mx.io.PrefetchingIter([mx.io.NDArrayIter(X, Y, batch_size=5),
                                 mx.io.NDArrayIter(X * 2, batch_size=5, data_name="z")])
    got = list(pre)
    assert len(got) == 2 and len(got[0].data) == 2
    np.testing.assert_array_equal(got[1].data[1].asnumpy(), X[5:] * 2)
    assert [d.name for d in pre.provide_data] == ["data", "z"]
    pre.reset()
    assert len(list(pre)) == 2


def test_csviter_batches_match_mxnet(tmp_path):
    """CSVIter's batches, pads and indices over two passes (with and without
    round_batch: MXNet completes the last batch from the start, or keeps the previous
    batch's rows) equal MXNet 1.9.1's (tests/golden/csv_iter.json)."""
    import json
    import os
    import sys
    root = os.path.join(os.path.dirname(__file__), "..")
    sys.path.insert(0, os.path.join(root, "tools", "golden"))
    import csv_iter  # the generator: its run() takes the mx module
    with open(os.path.join(root, "tests", "golden", "csv_iter.json")) as f:
        expected = json.load(f)
    assert json.loads(json.dumps(csv_iter.run(mx, str(tmp_path)))) == expected


def test_csviter_bad_input(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("1,2,3\n4,5,6\n")
    with pytest.raises(mx.base.MXNetError, match="data_shape"):
        mx.io.CSVIter(data_csv=str(data), data_shape=(2,), batch_size=1)
    with pytest.raises(mx.base.MXNetError, match="not found"):
        mx.io.CSVIter(data_csv=str(tmp_path / "missing.csv"), data_shape=(3,), batch_size=1)


def test_ndarrayiter_csr_sources_give_csr_batches():
    spsp = pytest.importorskip("scipy.sparse")
    dense = np.zeros((7, 4), np.float32)
    dense[[0, 2, 3, 6], [1, 0, 3, 2]] = [1.5, -2.0, 3.0, 4.0]
    csr = mx.nd.sparse.csr_matrix(dense)
    for bad in (csr, spsp.csr_matrix(dense)):  # MXNet: only with 'discard'
        with pytest.raises(NotImplementedError):
            mx.io.NDArrayIter({"data": bad}, dense, 2)
    it = mx.io.NDArrayIter({"csr": spsp.csr_matrix(dense), "dns": dense}, dense, 2,
                           last_batch_handle="discard")
    batches = list(it)
    assert len(batches) == 3
    for i, batch in enumerate(batches):
        csr_part, dns_part = batch.data
        assert csr_part.stype == "csr" and dns_part.stype == "default"
        np.testing.assert_array_equal(csr_part.asnumpy(), dense[2 * i:2 * i + 2])
        np.testing.assert_array_equal(batch.label[0].asnumpy(), dense[2 * i:2 * i + 2])
    np.random.seed(3)
    it = mx.io.NDArrayIter({"csr": csr, "dns": dense}, None, 3, shuffle=True,
                           last_batch_handle="discard")
    for batch in it:  # shuffled rows stay aligned between the sparse and dense sources
        assert batch.data[0].stype == "csr"
        np.testing.assert_array_equal(batch.data[0].asnumpy(), batch.data[1].asnumpy())
