"""mx.util: NumPy-mode scopes, the global NumPy-shape mode, getenv/setenv."""
import threading

import mxjax as mx
from mxjax import util


def test_set_np_shape_2_is_global():
    prev = util.set_np_shape(2)
    try:
        seen = []
        t = threading.Thread(target=lambda: seen.append(util.is_np_shape()))
        t.start()
        t.join()
        assert seen == [True] and util.is_np_shape()
    finally:
        assert util.set_np_shape(0) is True
    seen = []
    t = threading.Thread(target=lambda: seen.append(util.is_np_shape()))
    t.start()
    t.join()
    assert seen == [False] and util.is_np_shape() == bool(prev)


def test_set_np_shape_1_is_this_thread_only():
    util.set_np_shape(1)
    try:
        seen = []
        t = threading.Thread(target=lambda: seen.append(util.is_np_shape()))
        t.start()
        t.join()
        assert seen == [False] and util.is_np_shape()
    finally:
        util.set_np_shape(0)


def test_numpy_array_scope():
    assert not util.is_np_array()
    with util._NumpyArrayScope(True) as scope:
        assert scope._is_np_array and util.is_np_array()
    assert not util.is_np_array()
    with util._NumpyShapeScope(True):
        assert util.is_np_shape()
    assert not util.is_np_shape()


def test_getenv_setenv(monkeypatch):
    monkeypatch.delenv("MXJAX_TEST_UTIL_VAR", raising=False)
    assert util.getenv("MXJAX_TEST_UTIL_VAR") is None
    util.setenv("MXJAX_TEST_UTIL_VAR", "3")
    assert util.getenv("MXJAX_TEST_UTIL_VAR") == "3"
    util.setenv("MXJAX_TEST_UTIL_VAR", None)
    assert util.getenv("MXJAX_TEST_UTIL_VAR") is None


def test_alias_path():
    mx.install_mxnet_alias()
    from mxnet.util import _NumpyArrayScope, set_np_shape  # noqa: F401
    assert _NumpyArrayScope is util._NumpyArrayScope
