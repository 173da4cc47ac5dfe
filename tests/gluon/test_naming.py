"""Block naming scopes (mxjax.gluon._naming): MXNet 1.9.1's ``_BlockScope`` behaviour.

Expected names checked against MXNet 1.9.1 (``net_relu0``, ``net_dense0_``, ``relu0``).
"""
import threading

import mxjax as mx
from mxjax.gluon import block as gblock
from mxjax.name import NameManager


def test_name_scope_prefixes_symbol_operators_not_variables():
    net = mx.gluon.nn.HybridSequential(prefix="net_")
    with net.name_scope():
        x = mx.sym.var("x")
        y = mx.sym.relu(x)
        dense = mx.gluon.nn.Dense(2)
    assert x.name == "x"
    assert y.name == "net_relu0"
    assert dense.prefix == "net_dense0_"
    assert mx.sym.relu(x).name == "relu0"   # the prefix ends with the scope


def test_private_block_scope_name_is_per_thread():
    class Dummy:
        prefix = "spawned_"
        _empty_prefix = False

    got = []
    ready = threading.Event()

    def worker():
        with gblock._BlockScope(Dummy()):
            got.append(NameManager.current.get(None, "hello"))
            ready.wait()

    t = threading.Thread(target=worker)
    t.start()
    prefix, params = gblock._BlockScope.create("main_thread", None, "hi")
    ready.set()
    t.join()
    assert got == ["spawned_hello0"]
    assert prefix == "main_thread" and params.prefix == "main_thread"
    assert NameManager.current.get(None, "hello") == "hello0"


def test_empty_prefix_scope_does_not_prefix():
    net = mx.gluon.nn.HybridSequential(prefix="")
    with net.name_scope():
        y = mx.sym.relu(mx.sym.var("x"))
    assert not y.name.startswith("_") and y.name.startswith("relu")
