"""mx.rnn.BucketSentenceIter and encode_sentences against real MXNet 1.9.1
(tools/golden/rnn_legacy.py)."""
import random

import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
import golden_utils

GOLDEN = golden_utils.load("rnn_legacy")


def sentences():
    rng = np.random.RandomState(3)
    return [[int(x) for x in rng.randint(1, 9, size=rng.randint(1, 9))] for _ in range(40)]


@pytest.mark.parametrize("layout", ["NT", "TN"])
def test_bucket_sentence_iter_batches(layout):
    g = GOLDEN["iter_" + layout]
    random.seed(5)
    np.random.seed(5)
    it = mx.rnn.BucketSentenceIter(sentences(), 4, buckets=[3, 6, 8], invalid_label=0,
                                   layout=layout)
    assert it.buckets == list(g["buckets"]) and it.default_bucket_key == int(g["default"])
    assert [tuple(d.shape) for d in it.provide_data + it.provide_label] == \
        [tuple(s) for s in g["provide"]]
    assert it.provide_data[0].layout == layout
    n = 0
    for epoch in range(2):
        for i, b in enumerate(it):
            pre = "e%d_b%d_" % (epoch, i)
            assert b.bucket_key == int(g[pre + "key"])
            golden_utils.assert_matches(b.data[0].asnumpy(), g[pre + "data"])
            golden_utils.assert_matches(b.label[0].asnumpy(), g[pre + "label"])
            assert b.provide_data[0].shape == b.data[0].shape
            n += 1
        it.reset()
    assert n == len([k for k in g if k.endswith("_key")])


def test_default_buckets_and_errors():
    g = GOLDEN["iter_default"]
    it = mx.rnn.BucketSentenceIter(sentences(), 5)
    assert it.buckets == list(g["buckets"]) and len(it.idx) == int(g["n"])
    with pytest.raises(MXNetError, match="layout"):
        mx.rnn.BucketSentenceIter(sentences(), 4, buckets=[8], layout="XY")


def test_encode_sentences():
    g = GOLDEN["encode"]
    words = [s.split() for s in ["the cat sat", "a cat ran", "the dog sat down"]]
    codes, vocab = mx.rnn.encode_sentences(words, invalid_label=0, start_label=0)
    assert sum(codes, []) == list(g["codes"])
    assert sorted(vocab) == list(g["keys"])
    assert [vocab[k] for k in sorted(vocab)] == list(g["values"])
    with pytest.raises(MXNetError, match="unknown token zebra"):
        mx.rnn.encode_sentences([["zebra"]], vocab=dict(vocab))
    codes, v2 = mx.rnn.encode_sentences([["zebra", "cat"]], vocab=dict(vocab),
                                        unknown_token="<unk>")
    assert codes == [[v2["<unk>"], vocab["cat"]]]
