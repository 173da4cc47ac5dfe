"""``mx.gluon.nn``: neural-network layers."""
from ..block import Block, HybridBlock
from ..symbol_block import SymbolBlock
from .activations import *  # noqa: F401,F403
from .basic_layers import *  # noqa: F401,F403
from .conv_layers import *  # noqa: F401,F403
from . import activations, basic_layers, conv_layers
