"""``mx.gluon.contrib``: contributed layers (``contrib.nn``, ``contrib.rnn``, ``contrib.data``)."""
from . import nn
from . import rnn
from . import data
