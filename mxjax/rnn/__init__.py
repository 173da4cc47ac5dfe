"""``mx.rnn``: MXNet's legacy symbolic RNN API — cells that unroll into ``mx.sym``
graphs, a bucketing sentence iterator, and checkpoints with unpacked weights."""
from . import rnn_cell
from .rnn_cell import *  # noqa: F401,F403
from . import rnn
from .rnn import *  # noqa: F401,F403
from . import io
from .io import *  # noqa: F401,F403
from ..io import DataIter, DataBatch, DataDesc  # noqa: F401  (MXNet's mx.rnn shows them)
from ..model import save_checkpoint, load_checkpoint  # noqa: F401
