"""Golden values for mx.contrib.text and gluon.contrib.data.text (run with
~/.mxref/bin/python): vocabulary order, embeddings loaded from
tests/golden/contrib_text/emb.txt, and WikiText2 read from the tiny token file there
(its SHA-1 check bypassed)."""
import collections
import os
import sys
import warnings

import numpy as np
import mxnet as mx
from mxnet.contrib import text

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import save, GOLDEN_DIR  # noqa: E402

ROOT = os.path.join(GOLDEN_DIR, "contrib_text")
SOURCE = "The b a b c\nc a c d d d e\nA f"


def main():
    cases = {}
    counter = text.utils.count_tokens_from_str(SOURCE)
    lower = text.utils.count_tokens_from_str(SOURCE, to_lower=True)
    cases["count"] = {"keys": np.array(sorted(counter)),
                      "values": np.array([counter[k] for k in sorted(counter)]),
                      "lower_keys": np.array(sorted(lower)),
                      "lower_values": np.array([lower[k] for k in sorted(lower)])}
    for name, kwargs in {"plain": {}, "reserved": {"reserved_tokens": ["<pad>", "<bos>"]},
                         "capped": {"most_freq_count": 3, "min_freq": 2}}.items():
        v = text.vocab.Vocabulary(counter, **kwargs)
        cases["vocab_" + name] = {"idx_to_token": np.array(v.idx_to_token),
                                  "indices": np.array(v.to_indices(["d", "zz", "b"]))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        emb = text.embedding.CustomEmbedding(os.path.join(ROOT, "emb.txt"))
        v = text.vocab.Vocabulary(collections.Counter(["dog", "cow", "cat", "cat"]))
        emb_v = text.embedding.CustomEmbedding(os.path.join(ROOT, "emb.txt"), vocabulary=v)
        comp = text.embedding.CompositeEmbedding(v, [emb, emb_v])
    cases["embedding"] = {"idx_to_token": np.array(emb.idx_to_token), "vecs": emb.idx_to_vec,
                          "lookup": emb.get_vecs_by_tokens(["dog", "CAT", "nope"]),
                          "lookup_lower": emb.get_vecs_by_tokens(["dog", "CAT"],
                                                                 lower_case_backup=True),
                          "vocab_tokens": np.array(emb_v.idx_to_token),
                          "vocab_vecs": emb_v.idx_to_vec, "composite": comp.idx_to_vec}
    from mxnet.gluon.contrib.data import text as ctext
    ctext.check_sha1 = lambda *a: True
    wt = ctext.WikiText2(root=ROOT, seq_len=5)
    cases["wikitext2"] = {"data": wt._data, "label": wt._label,
                          "idx_to_token": np.array(wt.vocabulary.idx_to_token)}
    save("contrib_text", cases)


if __name__ == "__main__":
    main()
