"""NumPy's aliases of Python's builtin types (``np.float``, ``np.int``, ``np.object``,
``np.str``, ``np.complex``, ``np.unicode``) for MXNet-era code.

NumPy deprecated them in 1.20 and removed them in 1.24; MXNet 1.9.1 ran on NumPy < 1.24,
and code written for it still says ``np.array(sizes, dtype=np.float)`` (GluonCV's
``RPNAnchorGenerator``, which every Faster R-CNN builds). JAX needs NumPy >= 1.24, so the
mxnet alias (:func:`mxjax.install_mxnet_alias`, ``python -m mxjax``) puts the aliases
back. They are what they were in NumPy 1.23: the builtin types themselves.

NumPy 2.0 removed more names MXNet-era code uses (``np.NaN`` in MXNet's own
test_ndarray, ``np.Inf``, ``np.float_``, ``np.string_`` ...): they are put back too, as
the values and types they named in NumPy 1.x.
"""
import warnings

import numpy as np

__all__ = ["LEGACY_ALIASES", "restore_numpy_aliases"]

# name -> the builtin it named in NumPy < 1.24 (np.bool and np.long exist again in
# NumPy 2 as NumPy's own types, so they are left as they are)
LEGACY_ALIASES = {"bool": bool, "int": int, "float": float, "complex": complex,
                  "object": object, "str": str, "long": int, "unicode": str,
                  # removed by NumPy 2.0 (NEP 52)
                  "NaN": np.nan, "NAN": np.nan, "Inf": np.inf, "Infinity": np.inf,
                  "infty": np.inf, "PINF": np.inf, "NINF": -np.inf, "PZERO": 0.0,
                  "NZERO": -0.0, "float_": np.float64, "complex_": np.complex128,
                  "cfloat": np.complex128, "singlecomplex": np.complex64,
                  "longfloat": np.longdouble, "clongfloat": np.clongdouble,
                  "longcomplex": np.clongdouble, "string_": np.bytes_, "unicode_": np.str_}


def restore_numpy_aliases():
    """Define each of ``LEGACY_ALIASES`` on the ``numpy`` module where NumPy lacks it.

    Returns
    -------
    list of str
        The names defined by this call (empty when NumPy still has them all, or a
        previous call defined them).
    """
    restored = []
    for name, builtin in LEGACY_ALIASES.items():
        if name in vars(np):
            continue
        try:  # NumPy's module __getattr__ may still answer the name (NumPy 1.20-1.23)
            with warnings.catch_warnings():  # its FutureWarning/DeprecationWarning
                warnings.simplefilter("ignore")
                getattr(np, name)
            continue
        except AttributeError:
            pass
        setattr(np, name, builtin)
        restored.append(name)
    return restored
