"""SymbolBlock: a block built from a symbol graph (placeholder, filled in below)."""
from .block import HybridBlock

__all__ = ["SymbolBlock"]


class SymbolBlock(HybridBlock):
    """Construct a block from a Symbol graph."""
