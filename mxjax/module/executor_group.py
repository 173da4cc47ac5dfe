"""``mxnet.module.executor_group``: MXNet's ``DataParallelExecutorGroup``, the per-device
executors behind a Module.

mxjax's :class:`~mxjax.module.Module` binds one executor (one compiled program), so its
``_exec_group`` is a group of that one executor, with the attributes MXNet code reads
(``execs``, ``param_names``, ``param_arrays``, ``grad_arrays`` ...). Building a group
directly (MXNet's constructor, one executor per device with a slice of the batch) is not
supported and raises :class:`~mxjax.base.MXNetError`.
"""
from ..base import MXNetError

__all__ = ["DataParallelExecutorGroup"]


class DataParallelExecutorGroup:
    """The executors of a Module: in mxjax, its one executor (``execs[0]``).

    Attributes
    ----------
    execs : list of Executor
    contexts : list of Context
    param_names, data_names, label_names, aux_names, state_names : list of str
    param_arrays, grad_arrays, aux_arrays : list of list of NDArray
        One list per parameter (auxiliary state), one array per executor, as MXNet's.
    """

    def __init__(self, *args, **kwargs):  # noqa: D107 - refuses construction
        raise MXNetError("mxnet.module.executor_group.DataParallelExecutorGroup cannot be "
                         "built directly in mxjax: a Module binds one executor over its "
                         "contexts (its _exec_group shows it); use Module.bind instead")

    @classmethod
    def _of_module(cls, module):
        """The group of ``module``'s one executor."""
        group = cls.__new__(cls)
        ex = module._exec
        group.execs = [ex]
        group.contexts = [module._context]
        group.symbol = module._symbol
        group.param_names = list(module._param_names)
        group.data_names = list(module._data_names)
        group.label_names = list(module._label_names)
        group.state_names = list(module._state_names)
        group.aux_names = list(module._aux_names)
        group.for_training = module.for_training
        group.inputs_need_grad = getattr(module, "inputs_need_grad", False)
        group.data_shapes = list(module._data_shapes or [])
        group.label_shapes = list(module._label_shapes or [])
        group.batch_size = group.data_shapes[0].shape[0] if group.data_shapes else None
        group.param_arrays = [[ex.arg_dict[n]] for n in group.param_names]
        group.grad_arrays = [[ex.grad_dict.get(n)] for n in group.param_names]
        group.aux_arrays = [[ex.aux_dict[n]] for n in group.aux_names]
        return group

    def get_outputs(self, merge_multi_context=True):
        """The executor's outputs (each in a one-executor list unless merged)."""
        outs = list(self.execs[0].outputs)
        return outs if merge_multi_context else [[o] for o in outs]
