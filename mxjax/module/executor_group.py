"""``mxnet.module.executor_group``: MXNet's ``DataParallelExecutorGroup``, the per-device
executors behind a Module.

mxjax's :class:`~mxjax.module.Module` binds one executor (one compiled program, sharded
over the devices it is given), so it has no executor group: the class exists for code
that imports it, and constructing it raises :class:`~mxjax.base.MXNetError`.
"""
from ..base import MXNetError

__all__ = ["DataParallelExecutorGroup"]


class DataParallelExecutorGroup:
    """Not supported in mxjax (a Module binds one executor); construction raises."""

    def __init__(self, *args, **kwargs):  # noqa: D107 - refuses construction
        raise MXNetError("mxnet.module.executor_group.DataParallelExecutorGroup is not "
                         "supported by mxjax: a Module binds one executor over its contexts; "
                         "use Module.bind/forward/backward instead")
