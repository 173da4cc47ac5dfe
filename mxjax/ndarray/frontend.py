"""Python functions for registered operators: ``nd.<name>(*args, out=None, **kwargs)``.

Positional arguments fill the operator's array inputs and then its attributes,
in declaration order, as MXNet's generated functions do.
"""
import numpy as np

from ..base import MXNetError, _Null
from .registry import invoke
from .handle import NDArray


class InputTypeError(MXNetError, AssertionError, TypeError):
    """A non-NDArray where an operator takes an array input (MXNet asserts)."""


def _normalise(value):
    if isinstance(value, list):
        return tuple(_normalise(v) for v in value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.dtype):
        return value.name
    if isinstance(value, type) and issubclass(value, np.generic):
        return np.dtype(value).name
    return value


def make_function(op, pyname=None):
    """The ``mx.nd`` function for ``op``."""
    array_args = op.array_args
    attr_names = list(op.attr_defaults)
    n_arr = len(array_args)
    name = pyname or op.name

    simple = not op.varargs and not op.required_attrs
    # An operator without attributes has no parameter struct in MXNet, which then keeps
    # unknown keywords unchecked (mx.nd.broadcast_maximum(a, b, axis=1) runs); an operator
    # with attributes rejects them ("Cannot find argument").
    no_params = not [a for a in attr_names if a != "_train"]

    def checked(arrays):
        """``arrays`` once each is an NDArray or None, trailing Nones dropped."""
        for a in arrays:
            if a is not None and a.__class__ is not NDArray and not isinstance(a, NDArray):
                raise InputTypeError("Operator %s: expected NDArray inputs, got %s"
                                     % (name, type(a).__name__))
        while arrays and arrays[-1] is None and not op.varargs:
            arrays.pop()
        return arrays

    def fn(*args, **kwargs):
        if simple and not kwargs and len(args) <= n_arr:
            # the common call: arrays only, every attribute at its default
            return invoke(op, checked(list(args)), {})
        out = kwargs.pop("out", None)
        kwargs.pop("name", None)
        ctx = kwargs.pop("ctx", None)
        attrs = {}
        if op.varargs:
            if len(args) == 1 and isinstance(args[0], (list, tuple)):
                args = tuple(args[0])
            arrays = [a for a in args if isinstance(a, NDArray)]
            rest = args[len(arrays):]
            kwargs.pop("num_args", None)
        else:
            arrays = list(args[:n_arr])
            rest = args[n_arr:]
            for i, a_name in enumerate(array_args[len(arrays):], len(arrays)):
                arrays.append(kwargs.pop(a_name, None))
        for a_name, v in zip(attr_names, rest):
            attrs[a_name] = v
        for k, v in kwargs.items():
            if k not in op.attr_defaults:
                if not no_params:
                    raise MXNetError("Operator %s got an unexpected argument %r (its arguments: %s)"
                                     % (name, k, ", ".join(list(array_args) + attr_names)))
                continue
            if v is not _Null:  # None is passed on: for MXNet it means "None" (e.g. axis)
                attrs[k] = v
        arrays = checked(arrays)
        for k in op.required_attrs:
            if k not in attrs:
                raise MXNetError("Operator %s: required parameter %s is missing" % (name, k))
        for k in list(attrs):
            attrs[k] = _normalise(attrs[k])
        if "_train" in attrs:
            del attrs["_train"]
        return invoke(op, arrays, attrs, out=out, ctx=ctx)

    fn.__name__ = name
    fn.__qualname__ = name
    fn.__doc__ = op.doc
    return fn
