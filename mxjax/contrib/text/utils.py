"""Token counting for ``contrib.text``."""
import collections
import re

__all__ = ["count_tokens_from_str"]


def count_tokens_from_str(source_str, token_delim=" ", seq_delim="\n", to_lower=False,
                          counter_to_update=None):
    """Count the tokens of a string split at ``token_delim`` and ``seq_delim`` (regular
    expressions).

    Parameters
    ----------
    source_str : str
    token_delim : str, default ' '
    seq_delim : str, default '\\n'
    to_lower : bool, default False
    counter_to_update : collections.Counter, optional
        Counter to update (and return) instead of a new one.

    Returns
    -------
    collections.Counter
    """
    tokens = filter(None, re.split(token_delim + "|" + seq_delim, source_str))
    if to_lower:
        tokens = [t.lower() for t in tokens]
    if counter_to_update is None:
        return collections.Counter(tokens)
    counter_to_update.update(tokens)
    return counter_to_update
