"""``nd.CachedOp``: a Symbol called like an operator on NDArrays (MXNet's cached operator).

MXNet's ``CachedOp(sym, flags)`` takes the symbol's inputs positionally, in
``sym.list_inputs()`` order, and returns one NDArray or a list. Here the symbol's
operators run through the ordinary dispatch path (``symbol._eval.symbol_function``),
so ``autograd`` records them and the engine compiles what repeats; the flags MXNet
uses to tune its executor (``static_alloc``, ``data_indices``, ...) are accepted and
change nothing.
"""
from ..base import MXNetError
from .handle import NDArray

__all__ = ["CachedOp"]

# MXNet 1.9.1's CachedOpConfig fields (src/imperative/cached_op.h)
_FLAGS = ("static_alloc", "static_shape", "is_dynamic", "inline_limit", "forward_bulk_size",
          "backward_bulk_size", "data_indices", "param_indices")


class CachedOp(object):
    """A Symbol run as one operator on NDArrays.

    Parameters
    ----------
    sym : Symbol
    flags : sequence of (str, value), optional
        MXNet's CachedOp configuration; accepted and ignored.
    """

    def __init__(self, sym, flags=()):
        from ..symbol.symbol import Symbol
        from ..symbol._eval import symbol_function
        if not isinstance(sym, Symbol):
            raise MXNetError("CachedOp: expected a Symbol, got %s" % type(sym).__name__)
        for key, _ in flags:
            if key not in _FLAGS:
                raise MXNetError("CachedOp: invalid flag %r (valid: %s)"
                                 % (key, ", ".join(_FLAGS)))
        self._inputs = sym.list_inputs()
        self._num_outputs = len(sym.list_outputs())
        self._fn = symbol_function(sym)

    def __call__(self, *args, **kwargs):
        """Run the symbol on ``args`` (one NDArray per ``sym.list_inputs()`` entry).

        Parameters
        ----------
        *args : NDArray
        out : NDArray or list of NDArray, optional
            Written in place and returned instead of new arrays.

        Returns
        -------
        NDArray or list of NDArray
        """
        out = kwargs.pop("out", None)
        if kwargs:
            raise TypeError("CachedOp.__call__ got unexpected keyword argument(s): "
                            + ", ".join(kwargs.keys()))
        if len(args) != len(self._inputs):
            raise MXNetError("CachedOp: expected %d inputs (%s), got %d"
                             % (len(self._inputs), ", ".join(self._inputs), len(args)))
        for name, a in zip(self._inputs, args):
            if not isinstance(a, NDArray):
                raise MXNetError("CachedOp: input %s must be an NDArray, got %s"
                                 % (name, type(a).__name__))
        result = self._fn(**dict(zip(self._inputs, args)))
        results = result if isinstance(result, list) else [result]
        if out is None:
            return result
        targets = [out] if isinstance(out, NDArray) else list(out)
        if len(targets) != len(results):
            raise MXNetError("CachedOp: out holds %d arrays, the symbol has %d outputs"
                             % (len(targets), len(results)))
        for target, value in zip(targets, results):
            if target.shape != value.shape:
                raise MXNetError("CachedOp: out array of shape %s for an output of shape %s"
                                 % (target.shape, value.shape))
            target[:] = value
        return out
