"""Token embeddings read from local text files (``token v1 v2 ...`` per line).

mxjax does not download: ``CustomEmbedding`` loads any local file, ``CompositeEmbedding``
concatenates embeddings over a vocabulary. MXNet's downloadable ``GloVe`` and ``FastText``
are not provided (load their text files with ``CustomEmbedding``).
"""
import logging
import os
import warnings

import numpy as np

from ...base import MXNetError
from ... import ndarray as nd
from . import _constants as C
from . import vocab

__all__ = ["register", "create", "get_pretrained_file_names", "CustomEmbedding",
           "CompositeEmbedding"]

_REGISTRY = {}


def register(embedding_cls):
    """Register a token-embedding class (a decorator) under its lower-cased name."""
    _REGISTRY[embedding_cls.__name__.lower()] = embedding_cls
    return embedding_cls


def create(embedding_name, **kwargs):
    """An instance of the registered token embedding ``embedding_name``."""
    name = embedding_name.lower()
    if name not in _REGISTRY:
        raise MXNetError("contrib.text.embedding.create: no token embedding %r is registered "
                         "(registered: %s)" % (embedding_name, sorted(_REGISTRY)))
    return _REGISTRY[name](**kwargs)


def get_pretrained_file_names(embedding_name=None):
    """The pretrained file names of the registered embeddings (their
    ``pretrained_file_name_sha1`` keys)."""
    if embedding_name is not None:
        if embedding_name not in _REGISTRY:
            raise KeyError("Cannot find `embedding_name` %s. Use "
                           "`get_pretrained_file_names(embedding_name=None).keys()` to get "
                           "all the valid embedding names." % embedding_name)
        return list(getattr(_REGISTRY[embedding_name], "pretrained_file_name_sha1", {}))
    return {name: list(getattr(cls, "pretrained_file_name_sha1", {}))
            for name, cls in _REGISTRY.items()}


class _TokenEmbedding(vocab.Vocabulary):
    """A vocabulary with one vector per token (``idx_to_vec``); index 0 is the unknown
    token."""

    @classmethod
    def _check_pretrained_file_names(cls, pretrained_file_name):
        """Raise KeyError unless ``pretrained_file_name`` is one of the class's files."""
        names = getattr(cls, "pretrained_file_name_sha1", {})
        if pretrained_file_name not in names:
            raise KeyError("Cannot find pretrained file %s for token embedding %s. Valid "
                           "pretrained files for embedding %s: %s"
                           % (pretrained_file_name, cls.__name__.lower(),
                              cls.__name__.lower(), ", ".join(names)))

    def _load_embedding(self, path, elem_delim, init_unknown_vec, encoding="utf8"):
        path = os.path.expanduser(path)
        if not os.path.isfile(path):
            raise ValueError("`pretrained_file_path` must be a valid path to the pre-trained "
                             "token embedding file.")
        logging.info("Loading pre-trained token embedding vectors from %s", path)
        vec_len = None
        rows = []
        seen = set()
        unknown_vec = None
        with open(path, "r", encoding=encoding) as fin:
            for line_num, line in enumerate(fin, 1):
                elems = line.rstrip().split(elem_delim)
                if len(elems) <= 1:
                    raise vocab.TextArgumentError("At line %d of the pre-trained text embedding file: the "
                                     "data format of the pre-trained token embedding file %s "
                                     "is unexpected." % (line_num, path))
                token, values = elems[0], [float(v) for v in elems[1:]]
                if token == self.unknown_token and unknown_vec is None:
                    unknown_vec = values
                    seen.add(token)
                elif token in seen:
                    warnings.warn("At line %d of the pre-trained token embedding file: the "
                                  "embedding vector for token %s has been loaded and a "
                                  "duplicate embedding for the same token is seen and "
                                  "skipped." % (line_num, token))
                elif len(values) == 1:
                    warnings.warn("At line %d of the pre-trained text embedding file: token "
                                  "%s with 1-dimensional vector %s is likely a header and is "
                                  "skipped." % (line_num, token, values))
                else:
                    if vec_len is None:
                        vec_len = len(values)
                    elif len(values) != vec_len:
                        raise vocab.TextArgumentError("At line %d of the pre-trained token embedding file: "
                                         "the dimension of token %s is %d but the dimension "
                                         "of previous tokens is %d. Dimensions of all the "
                                         "tokens must be the same."
                                         % (line_num, token, len(values), vec_len))
                    rows.append(values)
                    self._idx_to_token.append(token)
                    self._token_to_idx[token] = len(self._idx_to_token) - 1
                    seen.add(token)
        if vec_len is None:
            raise vocab.TextArgumentError("%s holds no token vectors" % path)
        self._vec_len = vec_len
        table = np.zeros((len(self._idx_to_token), vec_len), np.float32)
        table[len(self._idx_to_token) - len(rows):] = np.asarray(rows, np.float32)
        if unknown_vec is None:
            init = init_unknown_vec(shape=vec_len)
            table[C.UNKNOWN_IDX] = init.asnumpy() if hasattr(init, "asnumpy") else init
        else:
            table[C.UNKNOWN_IDX] = unknown_vec
        self._idx_to_vec = nd.array(table)

    def _index_tokens_from_vocabulary(self, vocabulary):
        self._token_to_idx = dict(vocabulary.token_to_idx)
        self._idx_to_token = list(vocabulary.idx_to_token)
        self._unknown_token = vocabulary.unknown_token
        self._reserved_tokens = None if vocabulary.reserved_tokens is None \
            else list(vocabulary.reserved_tokens)

    def _set_idx_to_vec_by_embeddings(self, token_embeddings, vocab_len, vocab_idx_to_token):
        new_vec_len = sum(embed.vec_len for embed in token_embeddings)
        table = np.zeros((vocab_len, new_vec_len), np.float32)
        col = 0
        for embed in token_embeddings:
            end = col + embed.vec_len
            table[0, col:end] = embed.idx_to_vec[0].asnumpy()
            if vocab_len > 1:
                table[1:, col:end] = embed.get_vecs_by_tokens(
                    list(vocab_idx_to_token[1:])).asnumpy()
            col = end
        self._vec_len = new_vec_len
        self._idx_to_vec = nd.array(table)

    def _build_embedding_for_vocabulary(self, vocabulary):
        if vocabulary is not None:
            if not isinstance(vocabulary, vocab.Vocabulary):
                raise vocab.TextArgumentError("The argument `vocabulary` must be an instance of "
                                 "mxnet.contrib.text.vocab.Vocabulary.")
            self._set_idx_to_vec_by_embeddings([self], len(vocabulary), vocabulary.idx_to_token)
            self._index_tokens_from_vocabulary(vocabulary)

    @property
    def vec_len(self):
        """int: length of each vector."""
        return self._vec_len

    @property
    def idx_to_vec(self):
        """NDArray: (vocabulary size, vec_len) vectors."""
        return self._idx_to_vec

    def get_vecs_by_tokens(self, tokens, lower_case_backup=False):
        """Vector(s) of token(s); unknown tokens get the unknown token's vector.

        Parameters
        ----------
        tokens : str or list of str
        lower_case_backup : bool, default False
            Try the lower-cased token when the token itself is unknown.

        Returns
        -------
        NDArray
        """
        single = not isinstance(tokens, list)
        tokens = [tokens] if single else tokens
        if lower_case_backup:
            indices = [self.token_to_idx[t] if t in self.token_to_idx
                       else self.token_to_idx.get(t.lower(), C.UNKNOWN_IDX) for t in tokens]
        else:
            indices = [self.token_to_idx.get(t, C.UNKNOWN_IDX) for t in tokens]
        vecs = nd.Embedding(nd.array(indices), self.idx_to_vec, self.idx_to_vec.shape[0],
                            self.idx_to_vec.shape[1])
        return vecs[0] if single else vecs

    def update_token_vectors(self, tokens, new_vectors):
        """Replace the vectors of known ``tokens`` with ``new_vectors``.

        Raises
        ------
        ValueError
            For a token not in the vocabulary.
        """
        if not isinstance(tokens, list):
            tokens = [tokens]
        if not isinstance(new_vectors, nd.NDArray) or len(new_vectors.shape) not in (1, 2):
            raise vocab.TextArgumentError("update_token_vectors: `new_vectors` must be a 1-D or 2-D NDArray")
        if len(new_vectors.shape) == 1:
            new_vectors = nd.expand_dims(new_vectors, axis=0)
        if tuple(new_vectors.shape) != (len(tokens), self.vec_len):
            raise vocab.TextArgumentError("update_token_vectors: new_vectors has shape %s, expected %s"
                             % (new_vectors.shape, (len(tokens), self.vec_len)))
        indices = []
        for token in tokens:
            if token not in self.token_to_idx:
                raise ValueError("Token %s is unknown. To update the embedding vector for an "
                                 "unknown token, please specify it explicitly as the "
                                 "`unknown_token` %s in `tokens`. This is to avoid unintended "
                                 "updates." % (token, self.idx_to_token[C.UNKNOWN_IDX]))
            indices.append(self.token_to_idx[token])
        table = self._idx_to_vec.asnumpy().copy()
        table[indices] = new_vectors.asnumpy()
        self._idx_to_vec = nd.array(table)


class CustomEmbedding(_TokenEmbedding):
    """Token embedding from a local text file of ``token<delim>v1<delim>v2...`` lines.

    Parameters
    ----------
    pretrained_file_path : str
    elem_delim : str, default ' '
    encoding : str, default 'utf8'
    init_unknown_vec : callable, default nd.zeros
        ``init_unknown_vec(shape=vec_len)`` when the file has no unknown-token vector.
    vocabulary : Vocabulary, optional
        Index the vectors by this vocabulary instead of the file's tokens.
    """

    def __init__(self, pretrained_file_path, elem_delim=" ", encoding="utf8",
                 init_unknown_vec=nd.zeros, vocabulary=None, **kwargs):
        super().__init__(**kwargs)
        self._load_embedding(pretrained_file_path, elem_delim, init_unknown_vec, encoding)
        if vocabulary is not None:
            self._build_embedding_for_vocabulary(vocabulary)


class CompositeEmbedding(_TokenEmbedding):
    """The concatenation of several embeddings' vectors over ``vocabulary``'s tokens.

    Parameters
    ----------
    vocabulary : Vocabulary
    token_embeddings : embedding or list of embeddings
    """

    def __init__(self, vocabulary, token_embeddings):
        if not isinstance(vocabulary, vocab.Vocabulary):
            raise vocab.TextArgumentError("The argument `vocabulary` must be an instance of "
                             "mxnet.contrib.text.indexer.Vocabulary.")
        if not isinstance(token_embeddings, list):
            token_embeddings = [token_embeddings]
        for embed in token_embeddings:
            if not isinstance(embed, _TokenEmbedding):
                raise vocab.TextArgumentError("The argument `token_embeddings` must be an instance or a "
                                 "list of instances of token embeddings")
        self._index_tokens_from_vocabulary(vocabulary)
        self._set_idx_to_vec_by_embeddings(token_embeddings, len(self), self.idx_to_token)
