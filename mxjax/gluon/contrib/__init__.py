"""``mx.gluon.contrib``: contributed layers (``contrib.nn``, ``contrib.rnn``, ``contrib.data``)
and the training loop ``contrib.estimator``."""
from . import nn
from . import rnn
from . import data
from . import estimator
