"""mx.contrib.text (token counting, Vocabulary, CustomEmbedding, CompositeEmbedding) and
gluon.contrib.data (IntervalSampler, WikiText2 from a local file) vs MXNet 1.9.1."""
import collections
import os
import warnings

import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
from mxjax.contrib import text
from mxjax.gluon.contrib import data as cdata
import golden_utils

G = golden_utils.load("contrib_text")
ROOT = os.path.join(golden_utils.GOLDEN_DIR, "contrib_text")
SOURCE = "The b a b c\nc a c d d d e\nA f"


def test_count_tokens():
    counter = text.utils.count_tokens_from_str(SOURCE)
    exp = G["count"]
    assert sorted(counter) == list(exp["keys"])
    assert [counter[k] for k in sorted(counter)] == list(exp["values"])
    lower = text.utils.count_tokens_from_str(SOURCE, to_lower=True)
    assert [lower[k] for k in sorted(lower)] == list(exp["lower_values"])
    again = text.utils.count_tokens_from_str("a a", counter_to_update=lower)
    assert again is lower and lower["a"] == 5


@pytest.mark.parametrize("name,kwargs", [
    ("plain", {}), ("reserved", {"reserved_tokens": ["<pad>", "<bos>"]}),
    ("capped", {"most_freq_count": 3, "min_freq": 2})])
def test_vocabulary_matches_mxnet(name, kwargs):
    v = text.vocab.Vocabulary(text.utils.count_tokens_from_str(SOURCE), **kwargs)
    exp = G["vocab_" + name]
    assert v.idx_to_token == list(exp["idx_to_token"])
    assert v.to_indices(["d", "zz", "b"]) == list(exp["indices"])
    assert v.to_tokens(v.to_indices("d")) == "d"
    with pytest.raises(ValueError, match="invalid"):
        v.to_tokens(len(v))


def test_vocabulary_errors():
    with pytest.raises(MXNetError, match="min_freq"):
        text.vocab.Vocabulary(min_freq=0)
    with pytest.raises(MXNetError, match="unknown_token"):
        text.vocab.Vocabulary(reserved_tokens=["<unk>"])
    with pytest.raises(MXNetError, match="Counter"):
        text.vocab.Vocabulary(counter={"a": 1})


def test_embeddings_match_mxnet():
    exp = G["embedding"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        emb = text.embedding.CustomEmbedding(os.path.join(ROOT, "emb.txt"))
        v = text.vocab.Vocabulary(collections.Counter(["dog", "cow", "cat", "cat"]))
        emb_v = text.embedding.CustomEmbedding(os.path.join(ROOT, "emb.txt"), vocabulary=v)
        comp = text.embedding.CompositeEmbedding(v, [emb, emb_v])
    assert emb.idx_to_token == list(exp["idx_to_token"])
    golden_utils.assert_matches(emb.idx_to_vec, exp["vecs"])
    golden_utils.assert_matches(emb.get_vecs_by_tokens(["dog", "CAT", "nope"]), exp["lookup"])
    golden_utils.assert_matches(emb.get_vecs_by_tokens(["dog", "CAT"], lower_case_backup=True),
                                exp["lookup_lower"])
    assert emb_v.idx_to_token == list(exp["vocab_tokens"])
    golden_utils.assert_matches(emb_v.idx_to_vec, exp["vocab_vecs"])
    golden_utils.assert_matches(comp.idx_to_vec, exp["composite"])
    emb.update_token_vectors("dog", mx.nd.array([5, 5, 5]))
    np.testing.assert_array_equal(emb.get_vecs_by_tokens("dog").asnumpy(), [5, 5, 5])
    with pytest.raises(ValueError, match="unknown"):
        emb.update_token_vectors("nope", mx.nd.array([5, 5, 5]))
    with pytest.warns(UserWarning, match="header"):
        text.embedding.CustomEmbedding(os.path.join(ROOT, "emb.txt"))


def test_embedding_registry():
    @text.embedding.register
    class MyEmbed(text.embedding.CustomEmbedding):
        pretrained_file_name_sha1 = {"x.txt": "0"}

    assert text.embedding.get_pretrained_file_names("myembed") == ["x.txt"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        made = text.embedding.create("MyEmbed",
                                     pretrained_file_path=os.path.join(ROOT, "emb.txt"))
    assert isinstance(made, MyEmbed)
    with pytest.raises(MXNetError, match="registered"):
        text.embedding.create("nothing")


def test_wikitext2_from_local_file(monkeypatch):
    monkeypatch.setattr(cdata.text, "check_sha1", lambda *a: True)
    wt = cdata.text.WikiText2(root=ROOT, seq_len=5)
    exp = G["wikitext2"]
    assert wt.vocabulary.idx_to_token == list(exp["idx_to_token"])
    golden_utils.assert_matches(wt._data, exp["data"])
    golden_utils.assert_matches(wt._label, exp["label"])
    assert len(wt) == exp["data"].shape[0]
    monkeypatch.setattr(cdata.text, "check_sha1", lambda *a: False)
    with pytest.raises(MXNetError, match="SHA-1"):
        cdata.text.WikiText2(root=ROOT)
    with pytest.raises(MXNetError, match="not found"):
        cdata.text.WikiText103(root=os.path.join(ROOT, "missing"))


def test_interval_sampler():
    assert list(cdata.IntervalSampler(7, 3)) == [0, 3, 6, 1, 4, 2, 5]
    assert list(cdata.sampler.IntervalSampler(7, 3, rollover=False)) == [0, 3, 6]


def test_argument_errors_are_assertion_errors_as_in_mxnet():
    """MXNet checks contrib.text arguments with ``assert``: code written for it catches
    AssertionError; mxjax's errors are MXNetErrors that are AssertionErrors too."""
    from mxjax.contrib import text
    with pytest.raises(AssertionError, match="min_freq"):
        text.vocab.Vocabulary(min_freq=0)
    with pytest.raises(AssertionError):
        text.vocab.Vocabulary(reserved_tokens=["b", "b"])
    with pytest.raises(MXNetError):
        text.vocab.Vocabulary(reserved_tokens=["<unk>"])
