"""Symbol's methods that infer, bind and compute, installed on the class.

``Symbol`` (``mxjax.symbol.symbol``) is the graph data; shape/type inference
(``_infer``), binding (``mxjax.executor``) and operator arithmetic (``_ops``) sit
above it and reach it through these methods, installed when ``mx.sym`` is imported.
"""
import numpy as np

from ..executor import Executor, simple_bind
from . import _ops
from ._infer import infer_shape, infer_type
from .symbol import Symbol

__all__ = []


class _SymbolMethods:
    def infer_shape(self, *args, **kwargs):
        """Shapes of arguments, outputs and auxiliary states from some known shapes.

        Returns
        -------
        (list, list, list) or (None, None, None)
            ``(arg_shapes, out_shapes, aux_shapes)``; ``(None, None, None)`` when the
            given shapes do not determine them all.
        """
        return infer_shape(self, args, kwargs, partial=False)

    def infer_shape_partial(self, *args, **kwargs):
        """As :meth:`infer_shape`, with ``()`` (or 0 dimensions) for what stays unknown."""
        return infer_shape(self, args, kwargs, partial=True)

    def infer_type(self, *args, **kwargs):
        """Dtypes of arguments, outputs and auxiliary states from some known dtypes."""
        return infer_type(self, args, kwargs, partial=False)

    def infer_type_partial(self, *args, **kwargs):
        """As :meth:`infer_type`, with None for what stays unknown."""
        return infer_type(self, args, kwargs, partial=True)

    def simple_bind(self, ctx=None, grad_req="write", type_dict=None, stype_dict=None,
                    group2ctx=None, shared_arg_names=None, shared_exec=None,
                    shared_buffer=None, **kwargs):
        """Allocate arrays from the given input shapes and bind (see ``Executor``)."""
        return simple_bind(self, ctx, grad_req, type_dict, stype_dict, shared_exec, kwargs)

    def bind(self, ctx=None, args=None, args_grad=None, grad_req="write", aux_states=None,
             group2ctx=None, shared_exec=None):
        """Bind arrays to the arguments (a list in ``list_arguments`` order or a dict)."""
        return Executor(self, ctx, args, args_grad, grad_req, aux_states)

    def _binary(self, other, op, scalar_op, reverse=False):
        if isinstance(other, Symbol):
            return _ops.call(op, [other, self] if reverse else [self, other], {})
        if isinstance(other, (int, float, np.number, np.bool_)):
            return _ops.call(scalar_op, [self], {"scalar": other})
        raise TypeError("type %s not supported" % type(other).__name__)

    def __abs__(self):
        return _ops.call("abs", [self], {})


for _name, _method in list(vars(_SymbolMethods).items()):
    if _name not in ("__module__", "__qualname__", "__dict__", "__weakref__", "__doc__"):
        setattr(Symbol, _name, _method)
del _name, _method
