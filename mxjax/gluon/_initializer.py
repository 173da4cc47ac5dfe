"""The initializer module Gluon parameters use: ``mx.init`` (``mxjax.initializer``).

Imported lazily (``mxjax.initializer`` imports ``mx.nd``; Gluon must not depend on
import order), through MXNet's protocol: ``create``, ``InitDesc``, ``Uniform``
(scale 0.07, the default of ``initialize()``), ``Constant``, ``Initializer``.
"""

__all__ = ["get"]


def get():
    """The ``mxjax.initializer`` module."""
    from .. import initializer
    return initializer
