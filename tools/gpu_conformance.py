"""Build a folder of MXNet's tests that run with ``mx.gpu(0)`` as the default context.

MXNet's own GPU suite (``tests/python/gpu/``) star-imports unittest files and then calls
``set_default_context(mx.gpu(0))``, so that every array a test makes without a context lands on
the GPU. This script builds the same arrangement for mxjax's conformance runner:

* one ``test_<name>_gpu.py`` wrapper per unittest file given, written as MXNet writes them
  (``from test_<name> import *`` then ``set_default_context``);
* MXNet's own GPU files given with ``--gpu-file`` (``test_device.py``, ...), unchanged;
* ``test_gluon_gpu.py``'s own tests, loaded from MXNet's file without its three star-imports
  of whole unittest files (those run through their own wrappers; ``--gluon-gpu``).

Usage::

    python tools/gpu_conformance.py --unittest MXNET/tests/python/unittest \
        --gpu-dir MXNET/tests/python/gpu --out .devtests ndarray autograd loss
    python -m mxjax.conformance --tests .devtests -j 8 --json out.json

``MXJAX_GPU_CONFORMANCE_CTX=cpu`` makes the wrappers use ``mx.cpu(0)`` (to try the folder on a
machine without a GPU).
"""
import argparse
import os
import re
import shutil

_WRAPPER = '''"""MXNet's {name}.py with mx.gpu(0) as the default context (MXNet's GPU-suite pattern)."""
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mxnet as mx
from mxnet.test_utils import set_default_context
from {name} import *  # noqa: F401,F403
set_default_context(mx.cpu(0) if os.environ.get("MXJAX_GPU_CONFORMANCE_CTX") == "cpu"
                    else mx.gpu(0))
'''

_GLUON_GPU_LOADER = '''"""The tests test_gluon_gpu.py defines itself: MXNet's file, run as it is, without the
tests it star-imports from whole unittest files (those run through their own wrappers)."""
import os
import sys
_here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _here)
_path = os.path.join(_here, "gluon_gpu_source.py")
with open(_path) as _f:
    _src = _f.read()
if os.environ.get("MXJAX_GPU_CONFORMANCE_CTX") == "cpu":
    _src = _src.replace("set_default_context(mx.gpu(0))", "set_default_context(mx.cpu(0))")
exec(compile(_src, _path, "exec"))
for _name, _value in list(globals().items()):
    if _name.startswith("test_") and getattr(_value, "__module__", "") in (
            "test_gluon", "test_loss", "test_gluon_rnn"):
        del globals()[_name]
'''


def build(unittest_dir, out, names, gpu_dir=None, gpu_files=(), gluon_gpu=False):
    """Write the folder ``out``; return the test files in it."""
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    for entry in os.listdir(unittest_dir):
        src = os.path.join(unittest_dir, entry)
        if (entry.endswith((".py", ".v0", ".json")) or os.path.isdir(src) and entry == "nose"):
            (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(out, entry))
    files = []
    for name in names:
        base = re.sub(r"^test_|\.py$", "", name)
        path = os.path.join(out, "test_%s_gpu.py" % base)
        with open(path, "w") as handle:
            handle.write(_WRAPPER.format(name="test_" + base))
        files.append(os.path.basename(path))
    for name in gpu_files:
        shutil.copy(os.path.join(gpu_dir, name), os.path.join(out, name))
        files.append(name)
    if gluon_gpu:
        shutil.copy(os.path.join(gpu_dir, "test_gluon_gpu.py"),
                    os.path.join(out, "gluon_gpu_source.py"))
        with open(os.path.join(out, "test_gluon_gpu_own.py"), "w") as handle:
            handle.write(_GLUON_GPU_LOADER)
        files.append("test_gluon_gpu_own.py")
    return files


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--unittest", required=True, help="MXNet's tests/python/unittest folder")
    ap.add_argument("--gpu-dir", help="MXNet's tests/python/gpu folder")
    ap.add_argument("--gpu-file", action="append", default=[],
                    help="a file of --gpu-dir to run unchanged (repeatable)")
    ap.add_argument("--gluon-gpu", action="store_true",
                    help="add test_gluon_gpu.py's own tests (needs --gpu-dir)")
    ap.add_argument("--out", required=True)
    ap.add_argument("names", nargs="*", help="unittest files to wrap (ndarray, test_loss.py, ...)")
    args = ap.parse_args(argv)
    files = build(args.unittest, args.out, args.names, args.gpu_dir, args.gpu_file,
                  args.gluon_gpu)
    print(" ".join(files))


if __name__ == "__main__":
    main()
