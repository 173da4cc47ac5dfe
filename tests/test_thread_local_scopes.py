"""Thread-local scopes as MXNet 1.9.1: assigning ``AttrScope.current`` /
``NameManager.current`` / ``Context.default_ctx`` sets this thread's only."""
import threading
import warnings

import mxjax as mx
from mxjax.attribute import AttrScope
from mxjax.context import Context
from mxjax.name import NameManager


def _in_thread_while_main_assigns(body, assign):
    event = threading.Event()
    status = [None]

    def run():
        status[0] = body(event)

    thread = threading.Thread(target=run)
    thread.start()
    assign()
    event.set()
    thread.join()
    return status[0]


def test_attrscope_current_is_per_thread():
    def body(event):
        with mx.AttrScope(x="hello"):
            event.wait()
            return "hello" in AttrScope.current._attr.values()
    try:
        assert _in_thread_while_main_assigns(
            body, lambda: setattr(AttrScope, "current", AttrScope(x="hi")))
        assert AttrScope.current._attr == {"x": "hi"}
    finally:
        AttrScope.current = AttrScope()


def test_name_manager_current_is_per_thread():
    def body(event):
        with NameManager():
            event.wait()
            return "main_thread" not in NameManager.current._counter

    def assign():
        NameManager.current = NameManager()
        NameManager.current.get(None, "main_thread")
    try:
        assert _in_thread_while_main_assigns(body, assign)
        assert NameManager.current.get(None, "main_thread") == "main_thread1"
    finally:
        NameManager.current = NameManager()


def test_context_default_ctx_is_per_thread():
    def body(event):
        with mx.cpu(10):
            event.wait()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return Context.default_ctx.device_id == 10
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            assert _in_thread_while_main_assigns(
                body, lambda: setattr(Context, "default_ctx", Context("cpu", 11)))
            assert mx.current_context() == Context("cpu", 11)
        finally:
            Context.default_ctx = Context("cpu", 0)


def test_np_array_scope_is_per_thread():
    from mxjax.util import _NumpyArrayScope

    def body(event):
        with mx.np_array(False):
            event.wait()
            return not mx.is_np_array()
    assert _in_thread_while_main_assigns(body, lambda: None)
    with _NumpyArrayScope(True):
        assert mx.is_np_array()
    assert not mx.is_np_array()
