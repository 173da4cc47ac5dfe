"""mxjax.base: the helpers MXNet's base module offers to Python code."""
import ctypes

import pytest

import mxjax as mx
from mxjax import base


def test_py_str_and_c_str():
    assert base.py_str(b"ab\xc3\xa9") == "ab\u00e9"
    assert base.py_str("x") == "x"
    s = base.c_str("dltensor")
    assert isinstance(s, ctypes.c_char_p) and s.value == b"dltensor"
    arr = base.c_str_array(["a", "bc"])
    assert list(arr) == [b"a", b"bc"]


def test_not_implemented_for_symbol_message():
    # MXNet 1.9.1's text for NotImplementedForSymbol(len, 'foo', 1)
    err = base.NotImplementedForSymbol(len, "foo", 1)
    assert isinstance(err, mx.MXNetError)
    assert str(err) == ('Function len (namely operator "foo") with arguments '
                        "(<class 'int'>) is not implemented for Symbol and only available "
                        "in NDArray.")
    assert str(base.NotImplementedForSymbol(len, None)) == \
        "Function len is not implemented for Symbol and only available in NDArray."
    with pytest.raises(base.NotImplementedForSymbol):
        raise err


def test_type_tuples():
    assert isinstance(3, base.integer_types) and isinstance(3.0, base.numeric_types)
    assert isinstance("s", base.string_types)


def test_as_list():
    # MXNet 1.9.1's base._as_list: a list or tuple is returned as it is, anything else wrapped
    t = (1, 2)
    assert base._as_list(t) is t
    lst = [3]
    assert base._as_list(lst) is lst
    assert base._as_list(5) == [5]
    assert base._as_list(None) == [None]
