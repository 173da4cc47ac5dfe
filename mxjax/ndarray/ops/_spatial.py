"""Helpers shared by the spatial operator families (convolution, pooling, resampling):
MXNet's ``Shape(tuple)`` attributes, layouts and argument checks."""
import numpy as np

from ...base import MXNetError, shape_str

# default layout per number of spatial dimensions, and the channel-last ones
DEFAULT_LAYOUT = {1: "NCW", 2: "NCHW", 3: "NCDHW"}
CHANNEL_LAST = {1: "NWC", 2: "NHWC", 3: "NDHWC"}


def as_tuple(value, name="argument"):
    """An MXNet ``Shape(tuple)`` attribute (int, tuple, list or None) as a tuple of ints."""
    if value is None:
        return ()
    if isinstance(value, (int, np.integer)):
        return (int(value),)
    try:
        return tuple(int(v) for v in value)
    except (TypeError, ValueError):
        raise MXNetError("Invalid %s %r: expected an int or a tuple of ints"
                         % (name, value)) from None


def spatial_param(op, name, value, n, default):
    """A per-spatial-dimension attribute with ``n`` entries (``default`` when empty)."""
    t = as_tuple(value, name)
    if not t:
        return (default,) * n
    if len(t) != n:
        raise MXNetError("Operator %s: %s must have the same number of dimensions as "
                         "kernel, but kernel has %d while %s is %s"
                         % (op, name, n, name, shape_str(t)))
    return t


def check_ndim(op, data, allowed, what="data"):
    """Raise MXNetError unless ``data.ndim`` is one of ``allowed``."""
    if data.ndim not in allowed:
        raise MXNetError("Operator %s: %s must have %s dimensions, got shape %s"
                         % (op, what, " or ".join(str(a) for a in allowed),
                            shape_str(data.shape)))


def layout_of(op, layout, nsp, allowed=None):
    """Validate ``layout`` for ``nsp`` spatial dims; returns (layout, channel_last)."""
    if layout is None or layout == "None":
        return DEFAULT_LAYOUT[nsp], False
    if allowed is not None and layout not in allowed:
        raise MXNetError("Operator %s: layout %r is not supported (expected one of %s)"
                         % (op, layout, ", ".join(allowed)))
    if layout == DEFAULT_LAYOUT.get(nsp):
        return layout, False
    if layout == CHANNEL_LAST.get(nsp):
        return layout, True
    raise MXNetError("Operator %s: layout %s does not fit data with %d spatial dimensions"
                     % (op, layout, nsp))


def check_float(op, *arrays):
    """MXNet's spatial operators only support floating point data."""
    for a in arrays:
        if a is not None and not np.issubdtype(np.dtype(a.dtype), np.floating):
            raise MXNetError("Operator %s: this operation only supports floating point "
                             "types, not %s" % (op, np.dtype(a.dtype).name))


def check_same_dtype(op, names, arrays):
    """MXNet's layers require one dtype for data, weight and bias."""
    first = None
    for n, a in zip(names, arrays):
        if a is None:
            continue
        if first is None:
            first = a.dtype
        elif a.dtype != first:
            raise MXNetError("Operator %s: this layer requires uniform type. Expected '%s' "
                             "v.s. given '%s' at '%s'" % (op, np.dtype(first).name,
                                                          np.dtype(a.dtype).name, n))


def check_shape(op, name, array, expected):
    """Raise MXNetError when ``array``'s shape is not ``expected`` (as MXNet's inference)."""
    if tuple(array.shape) != tuple(expected):
        raise MXNetError("Operator %s: shape inconsistent for %s, provided %s, inferred "
                         "shape %s" % (op, name, shape_str(array.shape), shape_str(expected)))
