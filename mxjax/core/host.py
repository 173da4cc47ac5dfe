"""The host's CPUs, and how JAX's CPU client runs programs on them.

JAX's CPU client runs a program *asynchronously* by default: the call returns at once
and a worker thread of the client runs the program, except programs it judges cheap
(about 800 elements at most), which it runs in the caller's thread. On a process with
few CPUs the hand-over to the worker and back costs more than it can overlap: measured
on one CPU (``taskset -c 1``, bench/PROFILES.md section 12), ``jax.jit(lambda v: v * 2)``
on 1,000 float32 elements takes 28 us a call against 10 us run in the caller's thread;
W3 (second order on 1,000 elements) 101 -> 75 us a step, W7i's imperative ResNet-20
step 265 -> 252 ms; the big fused steps (W7, W8, W10) run at the same speed either way.
What asynchronous dispatch could buy — Python recording the next step while the last
one computes — needs a CPU of its own, and mxjax's engine already defers work until a
value is read. So mxjax turns it off in a process that may use fewer than
``_MIN_ASYNC_CPUS`` CPUs, at import (JAX reads the setting when its CPU client starts).
``MXJAX_CPU_ASYNC_DISPATCH=1`` / ``0`` chooses; a process that turned it off itself
(``jax.config.update('jax_cpu_enable_async_dispatch', False)`` before importing mxjax)
keeps it off.
"""
import os

import jax

__all__ = ["usable_cpus", "configure_cpu_dispatch"]

# fewer CPUs than this: JAX's CPU client runs programs in the caller's thread
_MIN_ASYNC_CPUS = 4


def usable_cpus():
    """How many CPUs this process may run on (its affinity mask where the platform has one).

    Returns
    -------
    int
    """
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - platforms without affinity
        return os.cpu_count() or 1


def configure_cpu_dispatch():
    """Set ``jax_cpu_enable_async_dispatch`` per the module docstring's rule; returns the
    value set, or None where the setting is left as it is (or JAX lacks the option).

    Returns
    -------
    bool or None
    """
    flag = os.environ.get("MXJAX_CPU_ASYNC_DISPATCH")
    if flag is not None:
        value = flag != "0"
    else:
        value = usable_cpus() >= _MIN_ASYNC_CPUS
        if jax.config.values.get("jax_cpu_enable_async_dispatch") is False:
            return None   # turned off by the user already
    try:
        jax.config.update("jax_cpu_enable_async_dispatch", value)
    except (AttributeError, KeyError, ValueError):  # pragma: no cover - an older JAX
        return None
    return value
