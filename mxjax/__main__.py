"""``python -m mxjax script.py [args]``: run a script that says ``import mxnet``."""
import os
import runpy
import sys


def main(argv=None):
    """Run the script named in ``argv`` with ``mxnet`` resolved to mxjax."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m mxjax script.py [args ...]\n\n"
              "Runs an MXNet 1.x script unchanged, with 'import mxnet' served by mxjax.")
        return 0 if argv else 2
    from .alias import install_mxnet_alias
    install_mxnet_alias()
    script = argv[0]
    if not os.path.exists(script):
        print("mxjax: no such script: %s" % script, file=sys.stderr)
        return 2
    script = os.path.abspath(script)
    sys.argv = [script] + argv[1:]
    sys.path.insert(0, os.path.dirname(script))
    runpy.run_path(script, run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
