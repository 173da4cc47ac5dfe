"""Type conversion: Cast, amp_cast, amp_multicast, cast_storage."""
import numpy as np
import jax.numpy as jnp

from ...base import MXNetError, np_dtype
from ..registry import register
from ._shape_rules import same_shapes

# float -> small integer conversions go through int64, as a C cast does on x86
# (JAX saturates instead: -1.5 -> uint8 would give 0, MXNet gives 255).
_SMALL_INTS = {np.dtype(t) for t in (np.uint8, np.int8, np.uint16, np.int16)}
# amp_cast / amp_multicast only touch the float types AMP mixes.
_AMP_TYPES = {np.dtype(np.float16), np.dtype(np.float32), np_dtype("bfloat16")}


def convert(data, dt):
    """``data`` converted to numpy dtype ``dt`` with MXNet's (C static_cast) semantics."""
    dt = np.dtype(dt)
    if data.dtype == dt:
        return data
    if dt in _SMALL_INTS and jnp.issubdtype(data.dtype, jnp.floating):
        return data.astype(jnp.int64).astype(dt)
    return data.astype(dt)


@register("Cast", aliases=("cast",), shape_rule=same_shapes)
def cast(data, *, dtype):
    """Convert to ``dtype`` (float to int truncates toward zero, as MXNet).

    Parameters
    ----------
    data : NDArray
    dtype : {'bfloat16', 'bool', 'float16', 'float32', 'float64', 'int32', 'int64', 'int8',
             'uint8'}
    """
    return convert(data, np_dtype(dtype))


@register("amp_cast")
def amp_cast(data, *, dtype):
    """Cast between the AMP float types (float16/bfloat16/float32); other dtypes pass
    through unchanged."""
    if np.dtype(data.dtype) not in _AMP_TYPES:
        return data
    return convert(data, np_dtype(dtype))


@register("amp_multicast")
def amp_multicast(*data, num_outputs, cast_narrow=False):
    """Cast the AMP float inputs to their widest (``cast_narrow``: narrowest) type.

    Parameters
    ----------
    *data : NDArray
    num_outputs : int
        The number of inputs (and outputs).
    cast_narrow : bool, default False
    """
    if int(num_outputs) != len(data):
        raise MXNetError("Operator amp_multicast expects %d inputs, but got %d instead"
                         % (int(num_outputs), len(data)))
    amp = [np.dtype(a.dtype) for a in data if np.dtype(a.dtype) in _AMP_TYPES]
    outs = list(data)
    if amp:
        order = {np.dtype(np.float16): 0, np_dtype("bfloat16"): 0, np.dtype(np.float32): 1}
        target = (min if cast_narrow else max)(amp, key=lambda d: order[d])
        outs = [convert(a, target) if np.dtype(a.dtype) in _AMP_TYPES else a for a in data]
    return outs[0] if len(outs) == 1 else tuple(outs)


@register("cast_storage")
def cast_storage(data, *, stype):
    """Change the storage type; only ``'default'`` (dense) exists in mxjax."""
    if stype != "default":
        raise MXNetError("Operator cast_storage: storage type %r is not supported by mxjax "
                         "(only 'default', dense arrays)" % (stype,))
    return data
