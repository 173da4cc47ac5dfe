"""Record what the legacy example programs print under real MXNet 1.9.1.

Run with the reference interpreter::

    ~/.mxref/bin/python tools/golden/legacy_outputs.py [name ...]

Each ``examples/legacy/<name>.py`` is run as a plain script (``import mxnet`` is
real MXNet here) from a temporary working directory; its standard output is
written to ``tests/golden/legacy/<name>.txt``. ``tests/test_legacy_examples.py``
runs the same scripts with ``python -m mxjax`` and compares the output with these
files.
"""
import glob
import os
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
EXAMPLES = os.path.join(ROOT, "examples", "legacy")
OUT_DIR = os.path.join(ROOT, "tests", "golden", "legacy")


def main(names):
    import mxnet  # noqa: F401 - fail early when not run under the reference
    if mxnet.__version__ != "1.9.1":
        raise SystemExit("run under MXNet 1.9.1, got %s" % mxnet.__version__)
    scripts = sorted(glob.glob(os.path.join(EXAMPLES, "*.py")))
    if names:
        scripts = [s for s in scripts if os.path.basename(s)[:-3] in names]
    os.makedirs(OUT_DIR, exist_ok=True)
    for script in scripts:
        name = os.path.basename(script)[:-3]
        with tempfile.TemporaryDirectory() as cwd:
            proc = subprocess.run([sys.executable, os.path.abspath(script)], cwd=cwd,
                                  capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr)
            raise SystemExit("%s failed under MXNet (exit %d)" % (name, proc.returncode))
        with open(os.path.join(OUT_DIR, name + ".txt"), "w") as f:
            f.write(proc.stdout)
        print("wrote tests/golden/legacy/%s.txt (%d lines)" % (name, proc.stdout.count("\n")))


if __name__ == "__main__":
    main(sys.argv[1:])
