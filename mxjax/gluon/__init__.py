"""``mx.gluon``: Blocks, Parameters, layers (``nn``) and recurrent layers (``rnn``).

``loss``, ``Trainer``, ``data`` and ``utils`` are provided by their own modules
when present.
"""
from .parameter import (Parameter, Constant, ParameterDict, DeferredInitializationError,
                        tensor_types)
from .block import Block, HybridBlock
from . import nn
from . import rnn

try:
    from .symbol_block import SymbolBlock
except ImportError:  # pragma: no cover
    pass

try:
    from . import loss
except ImportError:  # pragma: no cover - written separately
    pass

try:
    from .trainer import Trainer
except ImportError:  # pragma: no cover - written separately
    pass

try:
    from . import data
except ImportError:  # pragma: no cover - written separately
    pass

try:
    from . import utils
except ImportError:  # pragma: no cover - written separately
    pass

try:
    from . import contrib
except ImportError:  # pragma: no cover
    pass

try:
    from . import model_zoo
except ImportError:  # pragma: no cover
    pass

__all__ = ["Parameter", "Constant", "ParameterDict", "DeferredInitializationError",
           "tensor_types", "Block", "HybridBlock", "SymbolBlock", "nn", "rnn"]
