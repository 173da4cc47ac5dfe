"""import mxnet -> mxjax, and python -m mxjax script.py."""
import subprocess
import sys
import textwrap

import mxjax


def test_install_alias():
    mxjax.install_mxnet_alias()
    import mxnet
    from mxnet import nd, autograd  # noqa: F401
    import mxnet.ndarray
    import mxnet.contrib.autograd
    import mxnet.base
    assert mxnet is mxjax
    assert mxnet.ndarray is mxjax.ndarray and mxnet.nd is mxjax.nd
    assert mxnet.base.MXNetError is mxjax.MXNetError
    assert sys.modules["mxnet.contrib.autograd"] is mxjax.contrib.autograd


def test_namespace():
    mx = mxjax
    for name in ["nd", "autograd", "cpu", "gpu", "context", "current_context", "random",
                 "base", "contrib"]:
        assert hasattr(mx, name), name
    assert callable(mx.random.seed) and mx.base.MXNetError is mx.MXNetError
    assert hasattr(mx.contrib, "autograd")


def test_run_unchanged_script(tmp_path):
    script = tmp_path / "legacy.py"
    script.write_text(textwrap.dedent("""
        import sys
        import mxnet as mx
        from mxnet import nd, autograd
        x = nd.array([[1, 2], [3, 4]])
        x.attach_grad()
        with autograd.record():
            y = 2 * x * x
        y.backward()
        print(x.grad.asnumpy().tolist(), sys.argv[1:])
    """))
    out = subprocess.run([sys.executable, "-m", "mxjax", str(script), "--flag", "3"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[[4.0, 8.0], [12.0, 16.0]] ['--flag', '3']"


def test_main_usage_errors(tmp_path):
    out = subprocess.run([sys.executable, "-m", "mxjax", str(tmp_path / "nope.py")],
                         capture_output=True, text=True)
    assert out.returncode == 2 and "no such script" in out.stderr
