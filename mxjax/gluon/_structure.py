"""Flattening nested (list/tuple) block inputs and outputs, and regrouping them.

The format is MXNet's: an int per leaf (0 for an NDArray, -1 for None) and a
list per list/tuple.
"""
from ..ndarray.ndarray import NDArray
from ..symbol.symbol import Symbol
from ._common import GluonValueError

__all__ = ["flatten", "regroup", "gather_ctx_info"]


def flatten(args, inout_str):
    """``(flat list, format)`` of a nested structure of NDArrays or Symbols (None allowed).

    A Symbol is one leaf; its format is its number of outputs when above one, else 0.
    """
    if isinstance(args, NDArray):
        return [args], 0
    if isinstance(args, Symbol):
        length = len(args.list_outputs())
        return [args], (length if length > 1 else 0)
    if args is None:
        return [None], -1
    if not isinstance(args, (list, tuple)):
        raise GluonValueError("When hybridized, the input of HybridBlock {} must be (nested) "
                              "list of Symbol or NDArray, but got {} of type {}".format(
                                  inout_str, str(args), str(type(args))))
    flat, fmts = [], []
    for i in args:
        arg, fmt = flatten(i, inout_str)
        flat.extend(arg)
        fmts.append(fmt)
    return flat, fmts


def regroup(args, fmt):
    """Rebuild the nested structure described by ``fmt`` from the flat ``args``."""
    def merge(args, fmt):
        if isinstance(fmt, int):
            if fmt < -1:
                raise GluonValueError("Unsupported encoded format {}.".format(fmt))
            if fmt == 0:
                return args[0], args[1:]
            if fmt == -1:
                if args[0] is not None:
                    raise GluonValueError(
                        "We do not support passing types that are not None when the initial "
                        "HybridBlock has received NoneType and has been hybridized. Received "
                        "arg = {}, fmt = {}.".format(args[0], fmt))
                return None, args[1:]
            return args[:fmt], args[fmt:]
        if not isinstance(args, (list, tuple)):
            raise GluonValueError("When hybridized, the output of HybridBlock must be (nested) "
                                  "list of Symbol or NDArray, but got {} of type {}".format(
                                      args, type(args)))
        ret = []
        for i in fmt:
            res, args = merge(args, i)
            ret.append(res)
        return ret, args
    return merge(args, fmt)[0]


def gather_ctx_info(args):
    """``(has_ndarray, set of contexts, first context)`` of a nested structure."""
    if isinstance(args, NDArray):
        return True, {args.context}, args.context
    if isinstance(args, (list, tuple)):
        has_nd, ctxs, first = False, set(), None
        for ele in args:
            e_nd, e_ctxs, e_first = gather_ctx_info(ele)
            has_nd = has_nd or e_nd
            if first is None and e_first is not None:
                first = e_first
            ctxs |= e_ctxs
        return has_nd, ctxs, first
    return False, set(), None
