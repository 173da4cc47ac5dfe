"""NumPy and DLPack interchange: ``nd.from_numpy``, ``nd.from_dlpack``, ``nd.to_dlpack_for_*``.

DLPack capsules come from and go to JAX (``jax.Array.__dlpack__`` and
``jax.dlpack.from_dlpack``), so tensors move to and from PyTorch, CuPy, NumPy or
MXNet itself without a copy where the device allows it.

Difference from MXNet: mxjax arrays are immutable JAX buffers. A capsule from
``to_dlpack_for_write`` holds the array's current value, but writing through an
array made from it does not change the original NDArray (in MXNet it does).
"""
import ctypes

import jax
import jax.dlpack

from ..base import MXNetError
from ..context import jax_device, context_of_device, current_context
from .handle import NDArray
from .creation import array
from . import views

__all__ = ["from_numpy", "from_dlpack", "to_dlpack_for_read", "to_dlpack_for_write"]

# The dtypes MXNet 1.9.1's from_numpy passes through DLPack (its DLDataType.TYPE_MAP);
# uint32/uint64 are in that map but MXNet cannot hold them.
_ZERO_COPY_DTYPES = ("int32", "int64", "bool", "uint8", "float16", "float32", "float64")


def from_numpy(ndarray, zero_copy=True, array_cls=None):
    """Returns an NDArray holding the values of a NumPy array.

    Parameters
    ----------
    ndarray : numpy.ndarray
        Input data; its dtype is kept.
    zero_copy : bool, default True
        As in MXNet, the input must then be C-contiguous and it is made read-only
        (``ndarray.flags['WRITEABLE'] = False``); the NDArray shares its memory: a
        write into the NDArray (or a view of it) is seen in ``ndarray``
        (:func:`mxjax.ndarray.views.share_host`).
    array_cls : type, optional
        Accepted for MXNet compatibility; the result is always an ``NDArray``.

    Returns
    -------
    NDArray
        On ``cpu(0)``.

    Raises
    ------
    ValueError
        With ``zero_copy``, when the array is not C-contiguous or its dtype is not one
        MXNet accepts (int32, int64, bool, uint8, float16, float32, float64).
    """
    if not zero_copy:
        return array(ndarray, dtype=ndarray.dtype)
    if str(ndarray.dtype) not in _ZERO_COPY_DTYPES:
        raise ValueError(str(ndarray.dtype) + " is not supported.")
    if not ndarray.flags['C_CONTIGUOUS']:
        raise ValueError("Only c-contiguous arrays are supported for zero-copy")
    ndarray.flags['WRITEABLE'] = False
    from ..context import cpu
    return views.share_host(array(ndarray, ctx=cpu(0), dtype=ndarray.dtype), ndarray)


def to_dlpack_for_read(data):
    """Returns a DLPack capsule (``PyCapsule`` named ``dltensor``) viewing ``data``.

    Parameters
    ----------
    data : NDArray

    Returns
    -------
    PyCapsule
        Waits for pending computation of ``data`` first.
    """
    value = data._value
    value.block_until_ready()
    return value.__dlpack__()


def to_dlpack_for_write(data):
    """Returns a DLPack capsule of ``data`` (see the module note on writes).

    Parameters
    ----------
    data : NDArray

    Returns
    -------
    PyCapsule
    """
    return to_dlpack_for_read(data)


class _DLManagedTensorHead(ctypes.Structure):
    # The first fields of DLManagedTensor: DLTensor's data pointer and its device.
    _fields_ = [("data", ctypes.c_void_p), ("device_type", ctypes.c_int32),
                ("device_id", ctypes.c_int32)]


_get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_get_pointer.restype = ctypes.c_void_p
_get_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
_is_valid = ctypes.pythonapi.PyCapsule_IsValid
_is_valid.restype = ctypes.c_int
_is_valid.argtypes = [ctypes.py_object, ctypes.c_char_p]


class _Capsule:
    """Gives a bare DLPack capsule the ``__dlpack__`` protocol that JAX consumes."""

    def __init__(self, capsule):
        if not _is_valid(capsule, b"dltensor"):
            raise MXNetError("from_dlpack: the capsule is not an unused DLPack tensor "
                             "(a capsule can be consumed only once)")
        head = _DLManagedTensorHead.from_address(_get_pointer(capsule, b"dltensor"))
        self._device = (int(head.device_type), int(head.device_id))
        self._capsule = capsule

    def __dlpack__(self, stream=None, **kwargs):
        return self._capsule

    def __dlpack_device__(self):
        return self._device


def from_dlpack(dlpack):
    """Returns an NDArray backed by a DLPack tensor.

    Parameters
    ----------
    dlpack : PyCapsule or object with ``__dlpack__``
        A capsule from ``to_dlpack_for_read``/``to_dlpack_for_write`` (or another
        framework's), or an array that implements the DLPack protocol.

    Returns
    -------
    NDArray
        On the context of the tensor's device.

    Raises
    ------
    MXNetError
        When the capsule was already consumed or JAX cannot import the tensor.
    """
    source = dlpack if hasattr(dlpack, "__dlpack__") else _Capsule(dlpack)
    try:
        value = jax.dlpack.from_dlpack(source)
    except (TypeError, ValueError, RuntimeError) as err:
        raise MXNetError("from_dlpack: cannot import the tensor: %s" % err) from None
    devices = list(value.devices()) if hasattr(value, "devices") else []
    ctx = context_of_device(devices[0]) if len(devices) == 1 else current_context()
    if len(devices) != 1:  # pragma: no cover - sharded imports do not happen here
        value = jax.device_put(value, jax_device(ctx))
    return NDArray._from_jax(value, ctx)
