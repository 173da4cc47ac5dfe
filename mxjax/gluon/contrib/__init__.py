"""``mx.gluon.contrib``: contributed layers (``contrib.nn``)."""
from . import nn
from . import data
