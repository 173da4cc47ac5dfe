"""``mx.monitor`` / ``mx.mon``: statistics of an executor's arrays every few batches.

A :class:`Monitor` is installed on executors (``Module.install_monitor(mon)`` installs
it on the module's executor). Between :meth:`Monitor.tic` and :meth:`Monitor.toc` of
an *active* batch (every ``interval``-th ``tic``), each forward reports the output of
every operator in the graph (``<node>_output``, ``<node>_output<i>`` for several
outputs; with ``monitor_all`` also each operator's inputs as ``<node>_<input>``), and
``toc`` adds the executor's arguments and auxiliary states. Names matching
``pattern`` are kept, ``stat_func`` turns each array into its statistic.

After a backward, each operator's gradients with respect to its inputs follow, last
operator first (``<node>_backward_output`` for one input, else
``<node>_backward_output<i>``; auxiliary states get none), as MXNet's backward nodes
report them. Differences from MXNet 1.9.1, whose names come from its internal backward
graph: MXNet makes no backward node for an elementwise sum and names some after their
input (``sc_backward_data``), lists BatchNorm's hidden outputs (``bn_mean``,
``bn_var``), and with MKLDNN reports fused subgraphs (``sg_mkldnn_…``); for an input
that needs no gradient (the data, a label) MXNet shows an array its backward never
wrote, mxjax the true gradient.
"""
import logging
import re

import numpy as np

__all__ = ["Monitor"]


def _norm_stat(x):
    """MXNet's default statistic: ``norm(x) / sqrt(x.size)``."""
    from . import ndarray as nd
    return nd.norm(x) / np.sqrt(x.size)


class Monitor:
    """Collect a statistic of arrays every ``interval`` batches.

    Parameters
    ----------
    interval : int
        Every ``interval``-th :meth:`tic` starts an active batch.
    stat_func : callable, optional
        ``NDArray -> NDArray`` or a list of NDArrays; default ``norm(x)/sqrt(x.size)``.
    pattern : str, default '.*'
        Regular expression: only array names matching it (``re.match``) are kept.
    sort : bool, default False
        Sort the results of :meth:`toc` by name.
    monitor_all : bool, default False
        Also report each operator's inputs, not only its outputs.
    """

    def __init__(self, interval, stat_func=None, pattern=".*", sort=False, monitor_all=False):
        self.interval = interval
        self.stat_func = stat_func if stat_func is not None else _norm_stat
        self.pattern = pattern
        self.sort = sort
        self.monitor_all = monitor_all
        self.activated = False
        self.queue = []
        self.step = 0
        self.exes = []
        self.re_prog = re.compile(pattern)

        def stat_helper(name, array):
            if not self.activated or not self.re_prog.match(name):
                return
            self.queue.append((self.step, name, self.stat_func(array)))
        # executors ask before computing what only an active monitor reads
        stat_helper.mxjax_active = lambda: self.activated
        self.stat_helper = stat_helper

    def install(self, exe):
        """Report the arrays of executor ``exe``."""
        exe.set_monitor_callback(self.stat_helper, self.monitor_all)
        self.exes.append(exe)

    def tic(self):
        """Start a batch: active when ``step`` is a multiple of ``interval``."""
        if self.step % self.interval == 0:
            for exe in self.exes:
                for array in exe.arg_arrays:
                    array.wait_to_read()
                for array in exe.aux_arrays:
                    array.wait_to_read()
            self.queue = []
            self.activated = True
        self.step += 1

    def toc(self):
        """End the batch.

        Returns
        -------
        list of (int, str, str)
            ``(step, name, statistics)`` for an active batch (each statistic's values
            separated by tabs), else an empty list.
        """
        if not self.activated:
            return []
        for exe in self.exes:
            for array in exe.arg_arrays:
                array.wait_to_read()
            for array in exe.aux_arrays:
                array.wait_to_read()
        for exe in self.exes:
            for name, array in zip(exe._symbol.list_arguments(), exe.arg_arrays):
                if self.re_prog.match(name):
                    self.queue.append((self.step, name, self.stat_func(array)))
            for name, array in zip(exe._symbol.list_auxiliary_states(), exe.aux_arrays):
                if self.re_prog.match(name):
                    self.queue.append((self.step, name, self.stat_func(array)))
        self.activated = False
        queue = sorted(self.queue, key=lambda item: item[1]) if self.sort else self.queue
        self.queue = []
        return [(step, name, _stat_text(values)) for step, name, values in queue]

    def toc_print(self):
        """End the batch and log each result (``logging.info``)."""
        for step, name, text in self.toc():
            logging.info("Batch: %7d %30s %s", step, name, text)


def _stat_text(values):
    from .ndarray import NDArray
    if isinstance(values, NDArray):
        values = [values]
    text = ""
    for v in values:
        if not isinstance(v, NDArray):
            raise TypeError("Monitor: stat_func must return NDArrays, got %s" % type(v).__name__)
        if v.shape in ((), (1,)):
            text += str(v.asscalar()) + "\t"
        else:
            text += str(v.asnumpy()) + "\t"
    return text
