"""``gluon.contrib.rnn``: extra recurrent cells.

mxjax has :class:`LSTMPCell` (GluonNLP's language models use it); MXNet 1.9.1's
convolutional cells, ``VariationalDropoutCell`` and ``dynamic_unroll`` are not
implemented and do not exist here.
"""
from . import rnn_cell
from .rnn_cell import *  # noqa: F401,F403

__all__ = rnn_cell.__all__
