"""What ``NDArray.asnumpy()`` hands back: a writable NumPy copy the caller owns.

MXNet-era code converts one-element results with ``float(x.asnumpy())``,
``int(...)`` or ``'%f' % loss.mean().asnumpy()`` (legacy reductions return shape
``(1,)``). NumPy 1.x allowed that for any array of size 1; NumPy 2 raises
``TypeError`` unless the array is 0-d. ``asnumpy()`` therefore returns a size-1
array of ``ndim >= 1`` as :class:`LegacyScalarArray`, an ``ndarray`` subclass whose
only difference is that ``float``/``int``/``complex`` (and so ``%f``/``%d``) work
as they did in NumPy 1.x. Everything NumPy computes from it (ufuncs, reductions,
``np.concatenate`` ...) is a plain ``ndarray`` again.
"""
import numpy as np

__all__ = ["LegacyScalarArray", "to_host"]


class LegacyScalarArray(np.ndarray):
    """A size-1 ``numpy.ndarray`` that converts to a Python number as in NumPy 1.x.

    ``float(a)``, ``int(a)``, ``complex(a)``, ``'%f' % a`` and ``'{:.3f}'.format(a)``
    give the single element, whatever ``a.ndim`` is; ``repr`` is an ndarray's; all
    else is ``numpy.ndarray``'s behaviour.
    """

    def __float__(self):
        if self.size != 1:
            return np.ndarray.__float__(self.view(np.ndarray))
        return float(self.item())

    def __int__(self):
        if self.size != 1:
            return np.ndarray.__int__(self.view(np.ndarray))
        return int(self.item())

    def __complex__(self):
        if self.size != 1:
            return np.ndarray.__complex__(self.view(np.ndarray))
        return complex(self.item())

    def __format__(self, spec):
        if spec and self.size == 1:
            return format(self.item(), spec)
        return np.ndarray.__format__(self.view(np.ndarray), spec)

    def __repr__(self):
        return repr(self.view(np.ndarray))

    def __array_wrap__(self, obj, context=None, return_scalar=False):
        # Results of ufuncs on it are plain NumPy values, not this class.
        if return_scalar:
            return obj[()]
        return obj.view(np.ndarray) if isinstance(obj, np.ndarray) else obj

    def __reduce__(self):
        # Pickles as a plain ndarray: a reader without mxjax can load it.
        return self.view(np.ndarray).__reduce__()


def to_host(value):
    """A writable NumPy copy of ``value`` (a ``jax.Array`` or anything array-like).

    Parameters
    ----------
    value : jax.Array or array_like

    Returns
    -------
    numpy.ndarray
        A fresh array owned by the caller; a :class:`LegacyScalarArray` when it has
        one element and at least one dimension.
    """
    out = np.array(value, copy=True)
    if out.size == 1 and out.ndim >= 1:
        return out.view(LegacyScalarArray)
    return out
