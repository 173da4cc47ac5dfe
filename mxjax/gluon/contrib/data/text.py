"""WikiText-2 and WikiText-103 language-model datasets, read from the token files in
``root`` (mxjax does not download: put ``wiki.train.tokens``, ``wiki.valid.tokens`` and
``wiki.test.tokens`` from the WikiText archives there).

A sample is ``(data, label)``: ``seq_len`` int32 token indices and the same sequence
shifted by one token; every line ends with ``<eos>``.
"""
import os

import numpy as np

from ....base import MXNetError, data_dir
from .... import ndarray as nd
from ....contrib import text
from ....contrib.text import _constants as C
from ...data import dataset
from ...utils import check_sha1

__all__ = ["WikiText2", "WikiText103"]


class _LanguageModelDataset(dataset._DownloadedDataset):
    def __init__(self, root, namespace, vocabulary):
        self._vocab = vocabulary
        self._counter = None
        self._namespace = namespace
        super().__init__(root, None)

    @property
    def vocabulary(self):
        """contrib.text.vocab.Vocabulary: the token index."""
        return self._vocab

    @property
    def frequencies(self):
        """collections.Counter: token frequencies of the segment read."""
        return self._counter

    def _build_vocab(self, content):
        if not self._counter:
            self._counter = text.utils.count_tokens_from_str(content)
        if not self._vocab:
            self._vocab = text.vocab.Vocabulary(counter=self.frequencies,
                                                reserved_tokens=[C.EOS_TOKEN])


class _WikiText(_LanguageModelDataset):
    def _read_batch(self, filename):
        with open(filename, "r", encoding="utf8") as fin:
            content = fin.read()
        self._build_vocab(content)
        lines = [line for line in (x.strip().split() for x in content.splitlines()) if line]
        for line in lines:
            line.append(C.EOS_TOKEN)
        indices = self.vocabulary.to_indices([tok for line in lines for tok in line if tok])
        return np.array(indices[:-1], dtype=np.int32), np.array(indices[1:], dtype=np.int32)

    def _get_data(self):
        if self._segment not in self._data_file:
            raise MXNetError("%s: segment must be one of %s, got %r"
                             % (type(self).__name__, sorted(self._data_file), self._segment))
        data_file_name, data_hash = self._data_file[self._segment]
        path = os.path.join(self._root, data_file_name)
        if not os.path.isfile(path):
            raise MXNetError("%s: %s not found. mxjax does not download datasets: extract "
                             "%s there first." % (type(self).__name__, path,
                                                  self._archive_file[0]))
        if not check_sha1(path, data_hash):
            raise MXNetError("%s: %s does not have the SHA-1 %s of the published file"
                             % (type(self).__name__, path, data_hash))
        data, label = self._read_batch(path)
        usable = len(data) // self._seq_len * self._seq_len
        self._data = nd.array(data[:usable], dtype=data.dtype).reshape((-1, self._seq_len))
        self._label = nd.array(label[:usable], dtype=label.dtype).reshape((-1, self._seq_len))

    def __getitem__(self, idx):
        return self._data[idx], self._label[idx]

    def __len__(self):
        return len(self._label)


class WikiText2(_WikiText):
    """WikiText-2 (Merity et al. 2016) from ``root``.

    Parameters
    ----------
    root : str, default ``$MXNET_HOME/datasets/wikitext-2``
    segment : {'train', 'validation', 'test'}, default 'train'
    vocab : Vocabulary, optional
        Default: built from this segment (with ``<eos>`` reserved).
    seq_len : int, default 35
    """

    def __init__(self, root=os.path.join(data_dir(), "datasets", "wikitext-2"),
                 segment="train", vocab=None, seq_len=35):
        self._archive_file = ("wikitext-2-v1.zip", "3c914d17d80b1459be871a5039ac23e752a53cbe")
        self._data_file = {
            "train": ("wiki.train.tokens", "863f29c46ef9d167fff4940ec821195882fe29d1"),
            "validation": ("wiki.valid.tokens", "0418625c8b4da6e4b5c7a0b9e78d4ae8f7ee5422"),
            "test": ("wiki.test.tokens", "c7b8ce0aa086fb34dab808c5c49224211eb2b172")}
        self._segment = segment
        self._seq_len = seq_len
        super().__init__(root, "wikitext-2", vocab)


class WikiText103(_WikiText):
    """WikiText-103 (Merity et al. 2016) from ``root``.

    Parameters
    ----------
    root : str, default ``$MXNET_HOME/datasets/wikitext-103``
    segment : {'train', 'validation', 'test'}, default 'train'
    vocab : Vocabulary, optional
    seq_len : int, default 35
    """

    def __init__(self, root=os.path.join(data_dir(), "datasets", "wikitext-103"),
                 segment="train", vocab=None, seq_len=35):
        self._archive_file = ("wikitext-103-v1.zip",
                              "0aec09a7537b58d4bb65362fee27650eeaba625a")
        self._data_file = {
            "train": ("wiki.train.tokens", "b7497e2dfe77e72cfef5e3dbc61b7b53712ac211"),
            "validation": ("wiki.valid.tokens", "c326ac59dc587676d58c422eb8a03e119582f92b"),
            "test": ("wiki.test.tokens", "8a5befc548865cec54ed4273cf87dbbad60d1e47")}
        self._segment = segment
        self._seq_len = seq_len
        super().__init__(root, "wikitext-103", vocab)
