"""Per-thread engine state: recording, training mode and the random keys.

Everything that decides *how* an operator call is treated, and that a user switches
with ``autograd.record()`` / ``train_mode()`` / ``mx.random.seed``, lives here, in
one small module that imports nothing else of mxjax.
"""
import threading

import numpy as np
import jax.numpy as jnp

__all__ = ["local", "is_recording", "set_recording", "is_training", "set_training",
           "Scope", "seed", "next_key", "trace_key", "push_trace_rng", "pop_trace_rng"]


class _ThreadState(threading.local):
    recording = False
    training = False

    def __init__(self):
        super().__init__()
        self.trace_rngs = []   # keys of the functionalized calls being traced (innermost last)


local = _ThreadState()

# ``hook(run, op, args)`` that runs and times one operator call while mx.profiler is on
# (mxjax.profiler sets it), else None
profile = None


def is_recording():
    """Whether operators are being recorded in this thread."""
    return local.recording


def set_recording(flag):
    """Set recording on or off for this thread; returns the previous state."""
    prev = local.recording
    local.recording = bool(flag)
    return prev


def is_training():
    """Whether this thread is in training mode."""
    return local.training


def set_training(flag):
    """Set training mode on or off for this thread; returns the previous state."""
    prev = local.training
    local.training = bool(flag)
    return prev


class Scope:
    """Sets recording and/or training (None: unchanged) and restores them on exit."""

    def __init__(self, is_record, train_mode):
        self._enter_is_record = is_record
        self._enter_train_mode = train_mode
        self._prev_is_record = None
        self._prev_train_mode = None

    def __enter__(self):
        state = local
        if self._enter_is_record is not None:
            self._prev_is_record = state.recording
            state.recording = bool(self._enter_is_record)
        if self._enter_train_mode is not None:
            self._prev_train_mode = state.training
            state.training = bool(self._enter_train_mode)
        return self

    def __exit__(self, ptype, value, trace):
        state = local
        if self._enter_is_record is not None and self._prev_is_record != self._enter_is_record:
            state.recording = bool(self._prev_is_record)
        if self._enter_train_mode is not None and self._prev_train_mode != self._enter_train_mode:
            state.training = bool(self._prev_train_mode)


# ---------------------------------------------------------------------------
# random keys: each random operator call takes the next (seed, counter) pair as an
# input, so a replayed graph reproduces the same numbers

_key_lock = threading.Lock()
# MXNet starts every process from seed 0: an unseeded script draws the same numbers
# on every run (and the same as after ``mx.random.seed(0)``)
_keys = {"seed": 0, "counter": 0}


def seed(value):
    """Restart the key sequence from ``value``."""
    with _key_lock:
        _keys["seed"] = int(value) & 0xFFFFFFFF
        _keys["counter"] = 0


def next_key():
    """The next ``uint32[2]`` key input for a random operator."""
    with _key_lock:
        c = _keys["counter"]
        _keys["counter"] = c + 1
        return np.array([_keys["seed"], c & 0xFFFFFFFF], dtype=np.uint32)


class _TraceRng:
    """Hands out distinct keys derived from a traced ``[seed, counter]`` pair."""

    def __init__(self, rng):
        self.rng = jnp.asarray(rng, dtype=jnp.uint32)
        self.count = 0

    def next(self):
        self.count += 1
        mix = jnp.uint32((self.count * 0x9E3779B9) & 0xFFFFFFFF)
        return jnp.stack([self.rng[0] ^ mix, self.rng[1]]).astype(jnp.uint32)


def push_trace_rng(rng):
    """Random operators called until the matching :func:`pop_trace_rng` take their keys
    from ``rng`` (a traced ``uint32[2]``) instead of the global sequence."""
    local.trace_rngs.append(_TraceRng(rng))


def pop_trace_rng():
    """End the innermost :func:`push_trace_rng`."""
    local.trace_rngs.pop()


def trace_key():
    """The next key inside a functionalized call, or None outside one."""
    stack = local.trace_rngs
    if stack:
        return stack[-1].next()
    return None
