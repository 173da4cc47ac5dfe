"""Vocabulary: the index of tokens used by ``contrib.text``."""
import collections

from ...base import MXNetError
from . import _constants as C

__all__ = ["Vocabulary"]


class TextArgumentError(MXNetError, AssertionError):
    """A bad argument to ``contrib.text`` (MXNet checks these with ``assert``, so code
    written for it catches ``AssertionError``)."""


class Vocabulary:
    """Indexes tokens: the unknown token is index 0, then the reserved tokens, then the
    counter's keys by decreasing frequency (ties in alphabetical order).

    Parameters
    ----------
    counter : collections.Counter, optional
        Token frequencies.
    most_freq_count : int, optional
        Keep at most this many of the counter's tokens.
    min_freq : int, default 1
        Drop tokens seen fewer times.
    unknown_token : str, default '<unk>'
    reserved_tokens : list of str, optional
    """

    def __init__(self, counter=None, most_freq_count=None, min_freq=1, unknown_token="<unk>",
                 reserved_tokens=None):
        if min_freq <= 0:
            raise TextArgumentError("Vocabulary: `min_freq` must be set to a positive value.")
        if reserved_tokens is not None:
            if unknown_token in set(reserved_tokens):
                raise TextArgumentError("Vocabulary: `reserved_token` cannot contain `unknown_token`.")
            if len(set(reserved_tokens)) != len(reserved_tokens):
                raise TextArgumentError("Vocabulary: `reserved_tokens` cannot contain duplicate "
                                 "reserved tokens.")
        self._unknown_token = unknown_token
        self._idx_to_token = [unknown_token]
        self._reserved_tokens = None if reserved_tokens is None else list(reserved_tokens)
        if reserved_tokens is not None:
            self._idx_to_token.extend(reserved_tokens)
        self._token_to_idx = {token: idx for idx, token in enumerate(self._idx_to_token)}
        if counter is not None:
            self._index_counter_keys(counter, unknown_token, reserved_tokens, most_freq_count,
                                     min_freq)

    def _index_counter_keys(self, counter, unknown_token, reserved_tokens, most_freq_count,
                            min_freq):
        if not isinstance(counter, collections.Counter):
            raise TextArgumentError("Vocabulary: `counter` must be an instance of "
                             "collections.Counter.")
        special = set(reserved_tokens or ()) | {unknown_token}
        token_freqs = sorted(counter.items(), key=lambda x: x[0])
        token_freqs.sort(key=lambda x: x[1], reverse=True)
        cap = len(special) + (len(counter) if most_freq_count is None else most_freq_count)
        for token, freq in token_freqs:
            if freq < min_freq or len(self._idx_to_token) == cap:
                break
            if token not in special:
                self._idx_to_token.append(token)
                self._token_to_idx[token] = len(self._idx_to_token) - 1

    def __len__(self):
        return len(self._idx_to_token)

    @property
    def token_to_idx(self):
        """dict: token -> index."""
        return self._token_to_idx

    @property
    def idx_to_token(self):
        """list: index -> token."""
        return self._idx_to_token

    @property
    def unknown_token(self):
        """str: the token of index 0."""
        return self._unknown_token

    @property
    def reserved_tokens(self):
        """list of str or None."""
        return self._reserved_tokens

    def to_indices(self, tokens):
        """Index (or list of indices) of token(s); unknown tokens give 0."""
        single = not isinstance(tokens, list)
        tokens = [tokens] if single else tokens
        indices = [self._token_to_idx.get(token, C.UNKNOWN_IDX) for token in tokens]
        return indices[0] if single else indices

    def to_tokens(self, indices):
        """Token (or list of tokens) of index(es).

        Raises
        ------
        ValueError
            For an index that is not an int or is out of range.
        """
        single = not isinstance(indices, list)
        indices = [indices] if single else indices
        max_idx = len(self._idx_to_token) - 1
        tokens = []
        for idx in indices:
            if not isinstance(idx, int) or idx > max_idx:
                raise ValueError("Token index %s in the provided `indices` is invalid." % (idx,))
            tokens.append(self._idx_to_token[idx])
        return tokens[0] if single else tokens
