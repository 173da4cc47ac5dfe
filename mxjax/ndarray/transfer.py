"""Fast creation of device arrays: host values to a device, and filled arrays.

``jax.device_put`` and ``jnp.full(..., device=)`` go through JAX's Python
dispatch (40-200 µs on a CPU for a two-element array). A host value of a shape and
dtype seen fewer than ``_COMPILE_AFTER`` times is copied with the function JAX's own
``jax.jit`` calls use for a NumPy argument (7 µs, no program: ``_direct_put``; where
this JAX lacks it, ``jax.device_put``), so code that creates a few arrays per random
shape (MXNet's tests do, for every operator) compiles nothing. A shape created often
takes a compiled identity program (10 µs; a compile per shape and dtype costs 0.05-0.3
s on a CPU): a buffer copied in from the host makes the first program that reads it
wait for the copy (17 µs against 12 µs on one CPU, measured), the identity's output
does not. A filled array is filled on the host and copied over for its first
sightings, and by a program compiled for its shape, dtype and value after that (as
``jnp.full`` itself does; 7.7 µs a call against 10 µs).
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


def _direct_put():
    """JAX's own host-to-device copy of a NumPy array (what a ``jax.jit`` call does with
    a NumPy argument): ``put(value, device)``, 7 µs for a small array where
    ``jax.device_put`` takes 70 µs; no program, no compile. A private JAX function: None
    where this JAX lacks it or it fails its probe (``jax.device_put`` is used then)."""
    try:
        from jax._src.interpreters.pxla import batched_device_put
        from jax._src.core import ShapedArray
        probe = np.arange(3, dtype=np.float32)
        dev = jax.devices()[0]
        out = batched_device_put(ShapedArray(probe.shape, probe.dtype),
                                 SingleDeviceSharding(dev), [probe.copy()], [dev])
        if not isinstance(out, jax.Array) or np.asarray(out).tolist() != [0.0, 1.0, 2.0]:
            return None
    except Exception:  # noqa: BLE001 - another JAX: fall back to jax.device_put
        return None
    avals = {}
    shardings = {}

    def put(value, device):
        key = (value.shape, value.dtype)
        aval = avals.get(key)
        if aval is None:
            if len(avals) >= _MAX_SEEN:
                avals.clear()
            aval = avals[key] = ShapedArray(value.shape, value.dtype)
        sharding = shardings.get(device)
        if sharding is None:
            sharding = shardings[device] = SingleDeviceSharding(device)
        return batched_device_put(aval, sharding, [value], [device])
    return put


_put = []   # [put function or None] once probed


def _probe_put():
    with _lock:
        if not _put:
            _put.append(_direct_put())
    return _put[0]


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
        return _host_to_device(value, device)
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
    shape = tuple(shape)
    try:
        hash(value)
    except TypeError:
        return jnp.full(shape, value, dtype=dtype, device=device)
    if isinstance(value, (float, np.floating)) and (
            value != value or (value == 0 and math.copysign(1.0, value) < 0)):
        # nan != nan and -0.0 == 0.0: neither is a usable static key
        return jnp.full(shape, value, dtype=dtype, device=device)
    key = (device, shape, value, dtype, "filled")
    n = _seen.get(key, 0)
    if n < _COMPILE_AFTER:  # filled on the host: no compile for a shape seen rarely
        if len(_seen) >= _MAX_SEEN:
            _seen.clear()
        _seen[key] = n + 1
        return _host_to_device(np.full(shape, value, dtype), device)
    return _fill_on(device)(shape, value, dtype)


def _host_to_device(value, device):
    """A private NumPy array ``value`` (nobody else writes it) copied onto ``device``."""
    put = _put[0] if _put else _probe_put()
    if put is not None and value.dtype.kind != "V":
        return put(value, device)
    return jax.device_put(value, device)
