"""``Block.summary``: a table of each layer's output shape and parameter count."""
from collections import OrderedDict

from ..ndarray.ndarray import NDArray
from ._common import check

__all__ = ["print_summary"]


def _shape_str(args):
    def shapes(a):
        if isinstance(a, (list, tuple)):
            return [shapes(e) for e in a]
        return a.shape if isinstance(a, NDArray) else a
    s = shapes(args)
    text = str(s)[1:-1] if isinstance(s, list) else str(s)
    return text.replace("L", "")


def _is_sequential(blk):
    """Whether ``blk`` is a (Hybrid)Sequential container (no row of its own)."""
    return any(c.__name__ in ("Sequential", "HybridSequential")
               and c.__module__.startswith("mxjax.gluon.nn") for c in type(blk).__mro__)


def print_summary(block, inputs):
    """Run ``block(*inputs)`` and print MXNet's summary table."""
    summary = OrderedDict()
    seen = set()
    hooks = []

    def register(blk):
        check(not getattr(blk, "_active", False),
              '"{}" must not be hybridized to print summary.'.format(blk.name))

        def hook(blk, _, outputs):
            key = "%s-%i" % (blk.__class__.__name__, len(summary))
            entry = summary[key] = OrderedDict()
            entry["output_shape"] = _shape_str(outputs)
            params = trainable = shared = 0
            for p in blk.params.values():
                size = p.data().size
                params += size
                trainable += 0 if p.grad_req == "null" else size
                if p in seen:
                    shared += size
                else:
                    seen.add(p)
            entry["trainable"] = trainable
            entry["shared"] = shared
            entry["n_params"] = params
        if not _is_sequential(blk):
            hooks.append(blk.register_forward_hook(hook))

    summary["Input"] = OrderedDict(output_shape=_shape_str(list(inputs)), n_params=0,
                                   trainable=0, shared=0)
    try:
        block.apply(register)
        block(*inputs)
        line = "{:>20}  {:>42} {:>15}"
        print("-" * 80)
        print(line.format("Layer (type)", "Output Shape", "Param #"))
        print("=" * 80)
        total = trainable = shared = 0
        for layer, entry in summary.items():
            print(line.format(layer, str(entry["output_shape"]), entry["n_params"]))
            total += entry["n_params"]
            trainable += entry["trainable"]
            shared += entry["shared"]
        print("=" * 80)
        print("Parameters in forward computation graph, duplicate included")
        print("   Total params: " + str(total))
        print("   Trainable params: " + str(trainable))
        print("   Non-trainable params: " + str(total - trainable))
        print("Shared params in forward computation graph: " + str(shared))
        print("Unique parameters in model: " + str(total - shared))
        print("-" * 80)
    finally:
        for h in hooks:
            h.detach()
