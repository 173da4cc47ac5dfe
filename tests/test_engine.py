"""mx.engine.bulk / set_bulk_size: MXNet's API (the value is kept and reported)."""
import mxjax as mx


def test_set_bulk_size_returns_previous():
    # MXNet 1.9.1: set_bulk_size(5) -> 0 (start), set_bulk_size(0) -> 5, set_bulk_size(3) -> 0
    prev = mx.engine.set_bulk_size(5)
    try:
        assert mx.engine.set_bulk_size(0) == 5
        assert mx.engine.set_bulk_size(3) == 0
    finally:
        mx.engine.set_bulk_size(prev)


def test_bulk_scope_sets_and_restores():
    before = mx.engine.set_bulk_size(2)
    try:
        with mx.engine.bulk(10) as scope:
            assert scope is not None
            assert mx.engine.set_bulk_size(10) == 10
            x = mx.nd.ones((10,))
            x *= 2
            x += 1
            for _ in range(100):
                x += 1
        assert mx.engine.set_bulk_size(2) == 2
        assert (x.asnumpy() == 103).all()
    finally:
        mx.engine.set_bulk_size(before)
