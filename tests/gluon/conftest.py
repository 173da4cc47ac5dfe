import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pytest


@pytest.fixture(autouse=True)
def _compile_recorded_graphs_at_once():
    """Compile a recorded graph on its first sighting: one XLA compile per test instead
    of one per primitive of an uncompiled first run (keeps the suite fast)."""
    from mxjax import graph
    before = graph._compile_after
    graph.set_compile_after(1)
    yield
    graph.set_compile_after(before)
