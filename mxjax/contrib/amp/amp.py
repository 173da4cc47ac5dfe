"""``mx.contrib.amp.amp``: MXNet's automatic mixed precision.

Not implemented in mxjax: ``_amp_initialized`` is always False (libraries such
as GluonNLP read it to choose float32 code paths), and every function raises an
MXNetError saying so.
"""
from ...base import MXNetError

__all__ = ["init", "init_trainer", "scale_loss", "unscale", "convert_model",
           "convert_symbol", "convert_hybrid_block", "convert_bucketing_module",
           "list_lp16_ops", "list_fp32_ops"]

_amp_initialized = False


def _missing(name):
    def fn(*args, **kwargs):
        raise MXNetError("mx.contrib.amp.%s: automatic mixed precision is not implemented "
                         "in mxjax (cast the model with net.cast('float16') instead)" % name)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = "Not implemented in mxjax: raises MXNetError."
    return fn


init = _missing("init")
init_trainer = _missing("init_trainer")
scale_loss = _missing("scale_loss")
unscale = _missing("unscale")
convert_model = _missing("convert_model")
convert_symbol = _missing("convert_symbol")
convert_hybrid_block = _missing("convert_hybrid_block")
convert_bucketing_module = _missing("convert_bucketing_module")
list_lp16_ops = _missing("list_lp16_ops")
list_fp32_ops = _missing("list_fp32_ops")
