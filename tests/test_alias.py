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
    assert mxnet.__version__ == "1.9.1" and mxjax.__version__ != "1.9.1"
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


def test_every_mxnet_path_is_the_mxjax_module():
    mxjax.install_mxnet_alias()
    import mxnet.gluon.block
    import mxnet.gluon.parameter
    import mxnet.ndarray.registry
    import mxnet.gluon.trainer
    from mxnet.ndarray.ndarray import NDArray
    assert mxnet.gluon.block is mxjax.gluon.block
    assert mxnet.gluon.parameter.Parameter is mxjax.gluon.Parameter
    assert sys.modules["mxnet.gluon.trainer"] is mxjax.gluon.trainer
    assert NDArray is mxjax.nd.NDArray
    # plain code keeps working after a deep import (it used to load a second copy)
    assert mxnet.nd.ones((3,)).mean().asscalar() == 1.0
    assert isinstance(mxnet.nd.ones((2,)), NDArray)


def test_missing_namespace_is_attribute_error():
    assert not hasattr(mxjax, "no_such_namespace")
    try:
        import mxnet.no_such_namespace  # noqa: F401
    except ImportError:
        pass
    else:
        raise AssertionError("import of a missing mxnet module succeeded")
