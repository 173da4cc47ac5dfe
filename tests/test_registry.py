"""mx.registry: register / alias / create factories (MXNet 1.9.1's behaviour)."""
import json

import pytest

import mxjax as mx
from mxjax.base import MXNetError


class Base:
    def __init__(self, a=1):
        self.a = a


def test_register_alias_create():
    register = mx.registry.get_register_func(Base, "thing")
    alias = mx.registry.get_alias_func(Base, "thing")
    create = mx.registry.get_create_func(Base, "thing")

    @alias("other", "Third")
    class One(Base):
        pass

    register(One)
    reg = mx.registry.get_registry(Base)
    assert set(reg) >= {"one", "other", "third"}
    reg.clear()  # a copy
    assert "one" in mx.registry.get_registry(Base)
    assert create("ONE", a=3).a == 3
    assert create("third", 4).a == 4
    assert create(thing="other").a == 1
    assert create({"thing": "one", "a": 5}).a == 5
    assert create(json.dumps(["one", {"a": 6}])).a == 6
    assert create(json.dumps({"thing": "one", "a": 7})).a == 7
    inst = One()
    assert create(inst) is inst
    with pytest.raises(MXNetError, match="already an instance"):
        create(inst, a=2)
    with pytest.raises(MXNetError, match="nothing is not registered"):
        create("nothing")
    with pytest.raises(MXNetError, match="Can only register subclass of Base"):
        register(int)
    with pytest.warns(UserWarning, match="overriding"):
        register(One, "other")
