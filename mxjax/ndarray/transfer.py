"""Fast creation of device arrays: host values to a device, and filled arrays.

``jax.device_put`` and ``jnp.full(..., device=)`` go through JAX's Python
dispatch (40-200 µs on a CPU for a two-element array); a ``jax.jit`` call takes
JAX's C++ path (about 10 µs). A jitted program is compiled per shape and dtype
(0.05-0.3 s on a CPU, the price of some thousand ``device_put`` calls), so a host
value goes through ``jax.device_put`` until its shape and dtype have been seen
``_COMPILE_AFTER`` times, and takes the compiled identity from then on: a loop
creating arrays of one shape gets the fast path after a millisecond or two, and
code that creates a few arrays per random shape (MXNet's tests do, for every
operator) compiles nothing. Filled arrays compile once per shape, dtype and
value, as ``jnp.full`` itself does.
"""
import math
import threading

import numpy as np
import jax
import jax.numpy as jnp
from jax.sharding import SingleDeviceSharding

from ..core import cache

__all__ = ["to_device", "filled"]

_lock = threading.Lock()
_identity = {}     # device -> jitted identity placing its result on the device
_fill = {}         # device -> jitted full(shape, value, dtype) with static arguments
_seen = {}         # (device, shape, dtype) -> sightings of a host value
_MAX_SEEN = 4096
_COMPILE_AFTER = 16  # sightings of a (device, shape, dtype) before its identity is compiled


def _compiled_on(table, device, make):
    """``table[device]``, made by ``make(sharding)`` (a jitted function) when absent."""
    f = table.get(device)
    if f is None:
        with _lock:
            f = table.get(device)
            if f is None:
                f = table[device] = make(SingleDeviceSharding(device))
    return f


def _identity_on(device):
    return _compiled_on(_identity, device,
                        lambda sharding: cache.jit(lambda x: x, out_shardings=sharding))


def _fill_on(device):
    return _compiled_on(_fill, device, lambda sharding: cache.jit(
        lambda shape, value, dtype: jnp.full(shape, value, dtype),
        static_argnums=(0, 1, 2), out_shardings=sharding))


def to_device(value, device):
    """Copy a NumPy array (or a jax array) onto ``device`` as a new ``jax.Array``.

    Parameters
    ----------
    value : numpy.ndarray or jax.Array
    device : jax.Device

    Returns
    -------
    jax.Array
        Committed to ``device``; never shares memory with a NumPy ``value``.
    """
    if not isinstance(value, np.ndarray):
        return jax.device_put(value, device)
    # JAX may share an aligned NumPy buffer on the CPU (even device_put with
    # may_alias=False), and may read it after the call returns: it gets a private
    # copy, so later writes to ``value`` never show through (MXNet's nd.array copies)
    value = value.copy()
    key = (device, value.shape, value.dtype)
    n = _seen.get(key, 0)
    if n < _COMPILE_AFTER:
        if len(_seen) >= _MAX_SEEN:
            _seen.clear()
        _seen[key] = n + 1
        return jax.device_put(value, device)
    return _identity_on(device)(value)


def filled(shape, value, dtype, device):
    """A new array of ``shape`` and ``dtype`` filled with the Python scalar ``value``.

    Parameters
    ----------
    shape : tuple of int
    value : bool, int or float
    dtype : numpy.dtype
    device : jax.Device

    Returns
    -------
    jax.Array
    """
    dtype = np.dtype(dtype)
    try:
        hash(value)
    except TypeError:
        return jnp.full(shape, value, dtype=dtype, device=device)
    if isinstance(value, (float, np.floating)) and (
            value != value or (value == 0 and math.copysign(1.0, value) < 0)):
        # nan != nan and -0.0 == 0.0: neither is a usable static key
        return jnp.full(shape, value, dtype=dtype, device=device)
    shape = tuple(shape)
    key = (device, shape, value, dtype, "filled")
    n = _seen.get(key, 0)
    if n < _COMPILE_AFTER:  # filled on the host: no compile for a shape seen rarely
        if len(_seen) >= _MAX_SEEN:
            _seen.clear()
        _seen[key] = n + 1
        return jax.device_put(np.full(shape, value, dtype), device)
    return _fill_on(device)(shape, value, dtype)
