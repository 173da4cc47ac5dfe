"""Operator families; importing this package registers every operator."""
from . import elemwise, reduce, shape, nn, linalg, random  # noqa: F401
