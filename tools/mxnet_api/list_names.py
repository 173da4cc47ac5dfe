"""Write MXNet 1.9.1's public names of more namespaces into tools/mxnet_api/<stem>.txt.

Run with the reference venv: ``~/.mxref/bin/python tools/mxnet_api/list_names.py``.
A name is public when it does not start with '_' and is defined in the module's own package
(classes and functions) or listed in its ``__all__``; each line is ``name(signature)``.
"""
import importlib
import inspect
import os
import sys

NAMESPACES = {
    "sym": "mxnet.symbol", "Symbol": ("mxnet.symbol", "Symbol"), "mod": "mxnet.module",
    "model": "mxnet.model", "callback": "mxnet.callback", "viz": "mxnet.visualization",
    "monitor": "mxnet.monitor",
    "executor": "mxnet.executor", "kv": "mxnet.kvstore", "rnn": "mxnet.rnn",
    "gluon.model_zoo.vision": "mxnet.gluon.model_zoo.vision",
    "gluon.model_zoo.model_store": "mxnet.gluon.model_zoo.model_store",
    "gluon.data.vision": "mxnet.gluon.data.vision",
    "gluon.data.vision.transforms": "mxnet.gluon.data.vision.transforms",
    "gluon.contrib.data": "mxnet.gluon.contrib.data",
    "image": "mxnet.image", "recordio": "mxnet.recordio", "contrib.text": "mxnet.contrib.text",
}


def _signature(obj):
    try:
        return str(inspect.signature(obj))
    except (TypeError, ValueError):
        return ""


def names_of(target):
    if isinstance(target, tuple):
        module, cls = target
        obj = getattr(importlib.import_module(module), cls)
        return sorted((n, _signature(getattr(obj, n))) for n in dir(obj) if not n.startswith("_"))
    module = importlib.import_module(target)
    root = target.rsplit(".", 1)[0] if target.count(".") > 1 else target
    listed = set(getattr(module, "__all__", []) or [])
    out = []
    for name in sorted(dir(module)):
        if name.startswith("_"):
            continue
        obj = getattr(module, name)
        home = getattr(obj, "__module__", None) or ""
        if inspect.ismodule(obj):
            if obj.__name__.startswith(target + "."):
                out.append((name, ""))
            continue
        if name in listed or home.startswith(root):
            out.append((name, _signature(obj) if callable(obj) else ""))
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for stem, target in NAMESPACES.items():
        rows = names_of(target)
        with open(os.path.join(here, stem + ".txt"), "w") as f:
            for name, sig in rows:
                f.write("%s%s\n" % (name, sig))
        print(stem, len(rows), file=sys.stderr)


if __name__ == "__main__":
    main()
