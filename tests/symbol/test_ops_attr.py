"""mx.sym operator functions keep a non-string attr= value as str(value), as MXNet 1.9.1's
generated functions do (GluonCV gives an Initializer object as '__init__')."""
import mxjax as mx


def test_non_string_attr_value_becomes_its_str():
    init = mx.init.Xavier(magnitude=2)
    s = mx.sym.Convolution(mx.sym.var("d"), kernel=(1, 1), num_filter=2, name="c",
                           attr={"__init__": init})
    assert s.attr("__init__") == str(init)
    assert s.get_internals()["c_weight"].attr("__init__") == str(init)
