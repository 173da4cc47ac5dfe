"""Run-time errors of operators, raised when a result is waited for, as MXNet's engine does.

MXNet checks an operator's shapes and types when it is called, but some checks run
inside the kernel (a sampler's parameters: ``nd.random.normal(scale=-1)``). Such an
error does not stop the call: the operator's outputs are *failed* arrays, every
operator computed from them fails with the same error, and the error is raised when
a failed array is read (``asnumpy``, ``wait_to_read`` ...) or at ``waitall()``. Once
one such error has been raised, MXNet forgets every other one not yet raised (the
arrays then read as garbage; here as zeros).

An operator reports a kernel-time check with :func:`kernel_check`. Its outputs'
shapes come from its shape inference run with those checks off (:func:`checks_off`),
as MXNet infers shapes before any kernel runs.
"""
import threading
from contextlib import contextmanager

from ..base import MXNetError

__all__ = ["KernelError", "Failure", "kernel_check", "checks_off", "new", "throw",
           "throw_pending"]


class KernelError(MXNetError):
    """An operator's check that MXNet makes when the kernel runs (not at the call)."""


class Failure:
    """The error of one failed operator call, shared by every array computed from it."""

    __slots__ = ("error", "raised")

    def __init__(self, error):
        self.error = error
        self.raised = False


class _Checks(threading.local):
    on = True


_checks = _Checks()
_pending = []   # failures not raised yet, oldest first


def kernel_check(ok, message):
    """Raise :class:`KernelError` with ``message`` unless ``ok`` (or checks are off)."""
    if not ok and _checks.on:
        raise KernelError(message)


@contextmanager
def checks_off():
    """Kernel-time checks pass while inside (for the shapes of a failed call's outputs)."""
    prev = _checks.on
    _checks.on = False
    try:
        yield
    finally:
        _checks.on = prev


def new(error):
    """A failure carrying ``error`` (an MXNetError), waiting to be raised."""
    failure = Failure(error)
    _pending.append(failure)
    return failure


def _forget_all():
    for f in _pending:
        f.raised = True
    del _pending[:]


def throw(failure):
    """Raise ``failure``'s error unless some failure was raised since it happened; every
    failure not raised yet is forgotten (MXNet raises one error, then goes on)."""
    if failure.raised:
        return
    _forget_all()
    failure.raised = True
    raise failure.error


def throw_pending():
    """Raise the oldest failure not raised yet, if any (``waitall``), forgetting all."""
    if _pending:
        first = _pending[0]
        _forget_all()
        raise first.error
