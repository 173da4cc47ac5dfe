"""What ``from mxnet.<module> import *`` gives, per module: MXNet 1.9.1 against mxjax.

MXNet's modules mostly have no ``__all__``, so a star-import exports every public
name the module holds, including what it imported (``NDArray`` from
``mxnet.autograd``, ``np``/``mx``/``sys`` from ``mxnet.test_utils``). Test files
and user code rely on that.

Run with the reference virtualenv to record MXNet's names::

    ~/.mxref/bin/python tools/mxnet_api/star_exports.py --dump

(writes ``tools/mxnet_api/star_exports.json``). Run with mxjax's Python to compare::

    python3 tools/mxnet_api/star_exports.py [MODULE ...]

which prints, per MXNet module that mxjax has, the names it lacks (names that only
exist for MXNet's C API are left out, see ``C_API_NAMES``).
"""
import importlib
import json
import os
import pkgutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LIST = os.path.join(HERE, "star_exports.json")

# Names MXNet modules import from mxnet.base / ctypes to call libmxnet: no mxjax user needs them.
C_API_NAMES = frozenset("""
CFUNCTYPE POINTER c_int c_void_p c_uint c_char_p c_float c_size_t cast mx_uint mx_int mx_float
mx_float_p mx_real_t mx_int64 NDArrayHandle SymbolHandle ExecutorHandle KVStoreHandle
CachedOpHandle DataIterHandle DataIterCreatorHandle OpHandle RecordIOHandle RtcHandle
CudaModuleHandle CudaKernelHandle ProfileHandle DLPackHandle PredictorHandle
c_array c_array_buf c_handle_array c_str c_str_array check_call ctypes2buffer ctypes2numpy_shared
MXCallbackList _LIB build_param_doc _notify_shutdown py_str ctypes
""".split())

# mxnet.<first> -> mxjax.<renamed>, as the alias does.
RENAMES = {"nd": "ndarray", "sym": "symbol", "init": "initializer", "kv": "kvstore",
           "mod": "module", "np": "numpy", "npx": "numpy_extension"}

SKIP_PREFIXES = ("mxnet.contrib.onnx", "mxnet.contrib.quantization", "mxnet.contrib.tensorrt",
                 "mxnet.contrib.amp", "mxnet.contrib.text", "mxnet.contrib.svrg_optimization",
                 "mxnet.tvmop", "mxnet.onnx", "mxnet._ctypes", "mxnet._cy3", "mxnet._cy2",
                 "mxnet.cython", "mxnet._ffi", "mxnet.space", "mxnet.rtc", "mxnet.library",
                 "mxnet.__main__")


def star_names(module):
    """The names ``from module import *`` binds (sorted)."""
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in dir(module) if not n.startswith("_")]
    return sorted(set(names))


def dump():
    """Record MXNet's star-exports (run with the reference virtualenv)."""
    import mxnet
    out = {}
    for info in pkgutil.walk_packages(mxnet.__path__, "mxnet."):
        name = info.name
        if name.startswith(SKIP_PREFIXES) or ".test" in name.replace("test_utils", ""):
            continue
        try:
            module = importlib.import_module(name)
        except Exception:  # optional dependencies missing: not part of the comparison
            continue
        out[name] = star_names(module)
    out["mxnet"] = star_names(mxnet)
    with open(LIST, "w") as handle:
        json.dump(out, handle, indent=0, sort_keys=True)
        handle.write("\n")
    print("wrote %d modules to %s" % (len(out), LIST))


def mxjax_path(name):
    """The mxjax module path that serves MXNet module ``name``."""
    parts = name.split(".")
    parts[0] = "mxjax"
    if len(parts) > 1:
        parts[1] = RENAMES.get(parts[1], parts[1])
    return ".".join(parts)


def compare(modules=None):
    """``{mxnet module: (missing names, extra names)}`` for the MXNet modules mxjax has.

    Parameters
    ----------
    modules : list of str, optional
        MXNet module paths (default: every recorded one).
    """
    with open(LIST) as handle:
        recorded = json.load(handle)
    result = {}
    for name in modules or sorted(recorded):
        try:
            module = importlib.import_module(mxjax_path(name))
        except ImportError:
            continue
        ours = set(star_names(module))
        theirs = set(recorded[name]) - C_API_NAMES
        result[name] = (sorted(theirs - ours), sorted(ours - set(recorded[name])))
    return result


def main(argv):
    if argv[:1] == ["--dump"]:
        dump()
        return 0
    for name, (missing, extra) in compare(argv or None).items():
        if missing:
            print("%s: %d missing: %s" % (name, len(missing), " ".join(missing)))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
    sys.exit(main(sys.argv[1:]))
