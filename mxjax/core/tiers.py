"""A second compile tier for the programs that keep running.

mxjax compiles for a short compile (``cache.compiler_options``: XLA:CPU's elemental
fusion emitter, XLA's YNNPACK convolutions), which suits first steps and short scripts.
A program that keeps running — a training step called for minutes — is worth a second
compile for speed: with XLA's fusion emitters and without YNNPACK convolutions, whose
weight gradients are about 6x slower than XLA's own on a CPU (``bench/PROFILES.md``,
section 10: a d2l ResNet-18 step on 96x96 inputs 7.1 s -> 5.2 s, a CIFAR ResNet-20 step
about 4 % faster; that compile takes longer, 5.5 s against 4.8 s for ResNet-20).

:class:`Tiered` wraps such a program (the Trainer's fused training step). After
``AFTER_CALLS`` calls and ``AFTER_SECONDS`` of wall time since its second call (the first
one compiled it), it compiles the second tier (``build()``) — on the background thread
where background compiles are on (``mxjax.core.background``), else at that call — and
runs it from then on; the recompile is thus a fraction of the time the program has
already run (measured: a d2l ResNet-18 step, 8 s, switched in 13 s and then took 5.1 s).
Short scripts, whose every step shape runs a few times, never reach it. Off with
``MXJAX_TIER_UP=0``, where the user chose the options (``MXJAX_XLA_OPTIONS``), and where
this jaxlib refuses the second tier's.
"""
import os
import time

from . import background, cache

__all__ = ["Tiered", "wrap", "enabled", "AFTER_CALLS", "AFTER_SECONDS"]

AFTER_CALLS = 10
AFTER_SECONDS = 30.0

_enabled = None


def enabled():
    """Whether programs get a second tier (probed once)."""
    global _enabled
    if _enabled is None:
        flag = os.environ.get("MXJAX_TIER_UP", "1").strip().lower()
        _enabled = (flag not in ("0", "false", "off", "no")
                    and cache.compiler_options() == cache._FAST_COMPILE)
    return _enabled


class Tiered:
    """A program (tier one) that replaces itself by ``build()`` (tier two, a program
    taking the same arguments) once it has run ``AFTER_CALLS`` times and for
    ``AFTER_SECONDS`` (counted from its second call). A second tier that cannot be built
    or compiled for these arguments is dropped: tier one runs on."""

    __slots__ = ("fn", "build", "calls", "start", "job")

    def __init__(self, fn, build):
        self.fn, self.build = fn, build
        self.calls = 0
        self.start = None
        self.job = None

    def __call__(self, *args):
        if self.build is not None:
            self._count(args)
        elif self.job is not None and self.job.done():
            self._adopt()
        return self.fn(*args)

    def _count(self, args):
        self.calls += 1
        now = time.perf_counter()
        if self.calls == 2:   # the run time counts from the end of the first call's compile
            self.start = now
        if self.calls <= AFTER_CALLS or self.start is None or now - self.start < AFTER_SECONDS:
            return
        build, self.build = self.build, None
        if cache.throughput_options() is None:   # probed now, not at the first step
            return
        try:
            fast = build()
            if background.enabled():
                self.job = background.submit(fast, args)
                return
            fast = background._Program(background.compile_ahead(fast, args)[0], fast)
        except Exception:  # noqa: BLE001 - tier one runs on; its own errors surface
            return
        self.fn = fast
        cache.counters["tier_ups"] += 1

    def _adopt(self):
        job, self.job = self.job, None
        try:
            fast = job.result()
        except Exception:  # noqa: BLE001 - tier one runs on
            return
        self.fn = fast
        cache.counters["tier_ups"] += 1


def wrap(fn, build):
    """``fn`` with a second tier made by ``build()``, where tiers are on; else ``fn``."""
    return Tiered(fn, build) if enabled() else fn
