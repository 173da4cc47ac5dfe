"""``mx.optimizer``: optimizers, their registry, and the Updater, as MXNet 1.9.1.

Built-in optimizers update all parameters given to an :class:`Updater` (and so all
parameters of a ``gluon.Trainer`` step) with one compiled JAX call.
"""
from .optimizer import Optimizer, register, create, Updater, get_updater
from .sgd import SGD, ccSGD, NAG, Signum, LARS, LBSGD, SGLD, DCASGD
from .adaptive import Adam, AdaGrad, AdaDelta, Adamax, Nadam, RMSProp, Ftrl, FTML, LAMB, Test
from ..ndarray import abs as NDabs  # noqa: F401  (MXNet exports it)
from . import contrib  # noqa: F401  (mx.optimizer.contrib.GroupAdaGrad)

__all__ = ["AdaDelta", "AdaGrad", "Adam", "Adamax", "DCASGD", "FTML", "Ftrl", "LARS", "LBSGD",
           "NAG", "NDabs", "Nadam", "Optimizer", "RMSProp", "SGD", "SGLD", "Signum", "LAMB",
           "Test", "Updater", "ccSGD", "create", "get_updater", "register"]
