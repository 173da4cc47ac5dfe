"""``mx.test_utils``: the helpers MXNet-era test code imports.

Comparisons (``assert_almost_equal`` and friends) use MXNet 1.9.1's default
tolerances per dtype and its error messages. Gradient checks run on mxjax's
autograd: where MXNet's ``check_numeric_gradient`` takes a Symbol, mxjax's takes
a Python function of NDArrays (see its docstring). Sparse storage, Symbol
executors, data downloads and the Gluon/optimizer comparison helpers are not
provided.
"""
import bz2  # noqa: F401  (this and the next few: MXNet's module exports them to star-imports)
import errno  # noqa: F401
import gzip  # noqa: F401
import json  # noqa: F401
import logging  # noqa: F401
import numbers
import os
import platform
import struct  # noqa: F401
import sys
import time  # noqa: F401
import traceback  # noqa: F401
import zipfile  # noqa: F401
from collections import OrderedDict  # noqa: F401
from contextlib import contextmanager

import numpy as np
import numpy.random as rnd
import numpy.testing as npt

from .datasets import (download, get_mnist, get_mnist_ubyte, get_mnist_iterator,  # noqa: F401
                       get_cifar10)
from .base import MXNetError
from . import context as _context
from .context import current_context

__all__ = ["download", "get_mnist", "get_mnist_ubyte", "get_mnist_iterator", "get_cifar10",
           "default_context", "set_default_context", "default_dtype", "default_rtols",
           "default_atols", "default_numeric_eps", "effective_dtype", "get_tolerance",
           "get_tols", "get_atol", "get_rtol", "get_etol", "random_arrays",
           "random_uniform_arrays", "random_sample", "assign_each", "assign_each2",
           "create_2d_tensor", "create_vector", "get_identity_mat", "get_identity_mat_batch",
           "rand_ndarray", "rand_sparse_ndarray", "rand_shape_2d", "rand_shape_3d",
           "rand_shape_nd", "rand_coord_2d",
           "np_reduce", "same", "checkShapes", "almost_equal", "locationError",
           "assert_almost_equal", "assert_allclose", "assert_almost_equal_with_err",
           "assert_almost_equal_ignore_nan", "assert_exception", "retry", "numeric_grad",
           "check_numeric_gradient", "check_symbolic_forward", "check_symbolic_backward",
           "check_consistency", "list_gpus", "same_array", "discard_stderr", "DummyIter",
           "gen_buckets_probs_with_ppf", "mean_check", "var_check", "chi_square_check",
           "verify_generator", "compare_ndarray_tuple", "compare_optimizer", "environment", "collapse_sum_like",
           "is_cd_run", "is_aarch64_run", "has_tvm_ops", "is_op_runnable",
           "new_matrix_with_real_eigvals_2d", "new_matrix_with_real_eigvals_nd",
           "new_orthonormal_matrix_2d", "new_sym_matrix_with_real_eigvals_2d",
           "new_sym_matrix_with_real_eigvals_nd"]
# What ``from mxnet.test_utils import *`` also gives in MXNet: the names its module
# imports (test files rely on getting ``mx``, ``np``, ``sys`` ... from it).
__all__ += ["mx", "np", "npt", "rnd", "Context", "current_context", "array", "Symbol",
            "Features", "use_np", "getenv", "setenv", "OrderedDict", "contextmanager", "bz2",
            "errno", "gzip", "json", "logging", "numbers", "os", "platform", "struct", "sys",
            "time", "traceback", "zipfile"]

_LAZY = {"mx": ("", None), "Context": ("context", "Context"), "array": ("ndarray", "array"),
         "Symbol": ("symbol", "Symbol"), "Features": ("runtime", "Features"),
         "use_np": ("util", "use_np"), "getenv": ("util", "getenv"),
         "setenv": ("util", "setenv")}


def __getattr__(name):
    # Names from layers above this module resolve on first use.
    if name not in _LAZY:
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    import importlib
    module_name, attr = _LAZY[name]
    module = importlib.import_module("mxjax" + ("." + module_name if module_name else ""))
    return module if attr is None else getattr(module, attr)


# ---------------------------------------------------------------------------
# contexts, dtypes, tolerances


def default_context():
    """The default context for tests: the current context."""
    return current_context()


def set_default_context(ctx):
    """Make ``ctx`` the default context of this thread (as MXNet's thread-local default)."""
    _context._local.ctx = ctx


def default_dtype():
    """The default data type for tests: ``numpy.float32``."""
    return np.float32


def _bfloat16():
    try:
        import ml_dtypes
        return np.dtype(ml_dtypes.bfloat16)
    except ImportError:  # pragma: no cover
        return None


def default_rtols():
    """Default relative tolerance per dtype (MXNet 1.9.1's table; bfloat16 added as float16).

    Returns
    -------
    dict of numpy.dtype to float
    """
    tols = {np.dtype(np.float16): 1e-2, np.dtype(np.float32): 1e-4, np.dtype(np.float64): 1e-5,
            np.dtype(np.bool_): 0, np.dtype(np.int8): 0, np.dtype(np.uint8): 0,
            np.dtype(np.int32): 0, np.dtype(np.uint32): 0, np.dtype(np.int64): 0,
            np.dtype(np.uint64): 0}
    if _bfloat16() is not None:
        tols[_bfloat16()] = 1e-2
    return tols


def default_atols():
    """Default absolute tolerance per dtype (MXNet 1.9.1's table; bfloat16 added as float16).

    Returns
    -------
    dict of numpy.dtype to float
    """
    tols = {np.dtype(np.float16): 1e-1, np.dtype(np.float32): 1e-3, np.dtype(np.float64): 1e-20,
            np.dtype(np.bool_): 0, np.dtype(np.int8): 0, np.dtype(np.uint8): 0,
            np.dtype(np.int32): 0, np.dtype(np.uint32): 0, np.dtype(np.int64): 0,
            np.dtype(np.uint64): 0}
    if _bfloat16() is not None:
        tols[_bfloat16()] = 1e-1
    return tols


def default_numeric_eps():
    """Default finite-difference step per float dtype (powers of two, as MXNet)."""
    return {np.dtype(np.float16): 1.0 / 2 ** 6, np.dtype(np.float32): 1.0 / 2 ** 9,
            np.dtype(np.float64): 1.0 / 2 ** 14}


def _tf32_enabled(ctx):
    """Whether float32 matmuls on ``ctx`` run in TF32 (NVIDIA compute capability >= 8.0)."""
    if ctx is None or getattr(ctx, "device_type", None) != "gpu":
        return False
    if os.environ.get("NVIDIA_TF32_OVERRIDE") == "0":
        return False
    try:
        capability = float(_context.jax_device(ctx).compute_capability)
    except (AttributeError, TypeError, ValueError, MXNetError):
        return False
    return capability >= 8.0


def effective_dtype(dat):
    """The dtype that decides the tolerance for comparing ``dat``.

    float32 data on a GPU that computes float32 matrix products in TF32 (compute
    capability 8.0 and later, unless ``NVIDIA_TF32_OVERRIDE=0``) counts as float16.

    Parameters
    ----------
    dat : numpy.ndarray or NDArray
    """
    ctx = dat.ctx if hasattr(dat, "ctx") else None
    dtype = np.dtype(dat.dtype)
    if dtype == np.dtype(np.float32) and _tf32_enabled(ctx):
        return np.dtype(np.float16)
    return dtype


def get_tolerance(dat, tol, default_tol):
    """The tolerance for comparing ``dat``.

    Parameters
    ----------
    dat : numpy.ndarray or NDArray
    tol : float, dict of dtype to float, or None
        A number is returned as is; a dict is looked up by ``effective_dtype(dat)``.
    default_tol : dict of dtype to float
        Used when ``tol`` has no entry for the dtype.
    """
    if isinstance(tol, numbers.Number):
        return tol
    dtype = effective_dtype(dat)
    tol = {} if tol is None else tol
    return tol.get(dtype, default_tol[dtype])


def get_tols(x, y, rtol, atol):
    """(rtol, atol) for comparing ``x`` with ``y``: the looser default of the two dtypes."""
    if isinstance(x, numbers.Number):
        x = np.array(x)
    if isinstance(y, numbers.Number):
        y = np.array(y)
    rtol = max(get_tolerance(x, rtol, default_rtols()), get_tolerance(y, rtol, default_rtols()))
    atol = max(get_tolerance(x, atol, default_atols()), get_tolerance(y, atol, default_atols()))
    return rtol, atol


def get_atol(atol=None, dtype=np.dtype(np.float64)):
    """``atol``, or the default absolute tolerance of ``dtype`` when it is None."""
    return default_atols()[dtype] if atol is None else atol


def get_rtol(rtol=None, dtype=np.dtype(np.float64)):
    """``rtol``, or the default relative tolerance of ``dtype`` when it is None."""
    return default_rtols()[dtype] if rtol is None else rtol


def get_etol(etol=None):
    """``etol``, or 0 (no mismatching elements allowed) when it is None."""
    return 0 if etol is None else etol


# ---------------------------------------------------------------------------
# random data


def random_arrays(*shapes):
    """Standard-normal NumPy arrays of the default dtype, one per shape.

    Returns
    -------
    numpy.ndarray or list of numpy.ndarray
        A single array when one shape is given.
    """
    arrays = [np.array(np.random.randn(), dtype=default_dtype())
              if len(s) == 0 else np.random.randn(*s).astype(default_dtype())
              for s in shapes]
    if len(arrays) == 1:
        return arrays[0]
    return arrays


def random_uniform_arrays(*shapes, **kwargs):
    """Uniform NumPy arrays, one per shape (keywords ``low``, ``high``, ``dtype``).

    Returns
    -------
    list of numpy.ndarray
    """
    low = kwargs.pop('low', 0.0)
    high = kwargs.pop('high', 1.0)
    dtype = kwargs.pop('dtype', default_dtype())
    if kwargs:
        raise TypeError('Got unexpected argument/s : ' + str(kwargs.keys()))
    return [np.random.uniform(low, high, size=s).astype(dtype) for s in shapes]


def random_sample(population, k):
    """``k`` elements of ``population`` in random order (``0 <= k <= len(population)``)."""
    assert 0 <= k <= len(population)
    chosen = population[:]
    np.random.shuffle(chosen)
    return chosen[0:k]


def assign_each(the_input, function):
    """A float64 array of ``function(x)`` for each element (a copy when ``function`` is None)."""
    if function is None:
        return np.array(the_input)
    flat = np.asarray(the_input).ravel()
    return np.array([function(v) for v in flat], dtype=np.float64).reshape(np.shape(the_input))


def assign_each2(input1, input2, function):
    """A float64 array of ``function(x, y)`` for each pair of elements."""
    if function is None:
        return np.array(input1)
    assert input1.shape == input2.shape
    pairs = zip(np.asarray(input1).ravel(), np.asarray(input2).ravel())
    return np.array([function(x, y) for x, y in pairs], dtype=np.float64).reshape(input1.shape)


def create_2d_tensor(rows, columns, dtype=np.int64):
    """An NDArray of shape ``(rows, columns)`` whose row ``i`` is all ``i``."""
    from . import ndarray as nd
    a = nd.arange(0, rows, dtype=dtype).reshape(rows, 1)
    return nd.broadcast_to(a, shape=(a.shape[0], columns))


def create_vector(size, dtype=np.int64):
    """``nd.arange(0, size, dtype=dtype)``."""
    from . import ndarray as nd
    return nd.arange(0, size, dtype=dtype)


def get_identity_mat(size):
    """A float32 identity NDArray of shape ``(size, size)``."""
    from . import ndarray as nd
    return nd.array(np.eye(size, dtype=np.float32))


def get_identity_mat_batch(size):
    """Two identity matrices stacked: shape ``(2, size, size)``."""
    from . import ndarray as nd
    eye = np.eye(size, dtype=np.float32)
    return nd.array(np.stack([eye, eye]))


def rand_ndarray(shape, stype='default', density=None, dtype=None, modifier_func=None,
                 shuffle_csr_indices=False, distribution=None, ctx=None):
    """A random NDArray: standard normal values when dense; for ``'row_sparse'`` /
    ``'csr'`` see :func:`rand_sparse_ndarray`.

    Parameters
    ----------
    shape : tuple of int
    stype : {'default', 'row_sparse', 'csr'}
    density : float, optional
        The fraction of stored rows (row_sparse) or elements (csr); default random.
    dtype : optional
        Default float32.
    ctx : Context, optional
        Default ``default_context()``.
    """
    from . import ndarray as nd
    ctx = ctx if ctx else default_context()
    if stype == 'default':
        return nd.array(random_arrays(shape), dtype=dtype, ctx=ctx)
    return rand_sparse_ndarray(shape, stype, density=density, dtype=dtype,
                               distribution=distribution, modifier_func=modifier_func,
                               shuffle_csr_indices=shuffle_csr_indices, ctx=ctx)[0]


def rand_sparse_ndarray(shape, stype, density=None, dtype=None, distribution=None,
                        data_init=None, rsp_indices=None, modifier_func=None,
                        shuffle_csr_indices=False, ctx=None):
    """A random sparse array and its components, as MXNet's test helper.

    Row_sparse: each row is stored with probability ``density`` (or the rows
    ``rsp_indices``), its values uniform in [0, 1). Csr (2-d): each element is stored
    with probability ``density``, values uniform in [0, 1).

    Parameters
    ----------
    shape : tuple of int
    stype : {'row_sparse', 'csr'}
    density : float, optional
        Default uniform in [0, 1).
    dtype : optional
        Default float32.
    distribution : {None, 'uniform'}, optional
    data_init : float, optional
        A constant for every stored value.
    rsp_indices : list of int, optional
    modifier_func : callable, optional
        Applied to every stored value.
    ctx : Context, optional

    Returns
    -------
    (array, (data, indices)) for row_sparse, (array, (data, indices, indptr)) for csr
    (the components as NumPy arrays).
    """
    from .ndarray import sparse
    ctx = ctx if ctx else default_context()
    density = rnd.rand() if density is None else density
    dtype = np.dtype(default_dtype() if dtype is None else dtype)
    if distribution not in (None, 'uniform'):
        raise MXNetError("rand_sparse_ndarray: distribution %r is not supported (only "
                         "'uniform')" % (distribution,))
    if stype == 'row_sparse':
        if rsp_indices is not None:
            indices = np.asarray(sorted(set(int(i) for i in rsp_indices)), dtype=np.int64)
        else:
            indices = np.argwhere(rnd.rand(shape[0]) < density).flatten().astype(np.int64)
        if data_init is not None:
            val = np.full((indices.shape[0],) + tuple(shape[1:]), data_init, dtype=dtype)
        else:
            val = rnd.rand(indices.shape[0], *shape[1:]).astype(dtype)
        if modifier_func is not None:
            val = np.vectorize(modifier_func)(val).astype(dtype)
        arr = sparse.row_sparse_array((val, indices), shape=shape, dtype=dtype, ctx=ctx)
        return arr, (val, indices)
    if stype == 'csr':
        if len(shape) != 2:
            raise MXNetError("rand_sparse_ndarray: csr needs a 2-d shape, got %r" % (shape,))
        mask = rnd.rand(*shape) < density
        dense = np.where(mask, rnd.rand(*shape), 0).astype(dtype)
        if data_init is not None:
            dense = np.where(mask, data_init, 0).astype(dtype)
        if modifier_func is not None:
            dense = np.where(mask, np.vectorize(modifier_func)(dense), 0).astype(dtype)
        arr = sparse.csr_matrix(dense, dtype=dtype, ctx=ctx)
        data, indices, indptr = (np.array(c) for c in arr._components())
        return arr, (data, indices, indptr)
    raise MXNetError("rand_sparse_ndarray: unknown storage type %r" % (stype,))


def rand_shape_2d(dim0=10, dim1=10, allow_zero_size=False):
    """A random 2-d shape, each dimension in ``[1, dim]`` (``[0, dim]`` with zero size allowed)."""
    low = 0 if allow_zero_size else 1
    return rnd.randint(low, dim0 + 1), rnd.randint(low, dim1 + 1)


def rand_shape_3d(dim0=10, dim1=10, dim2=10, allow_zero_size=False):
    """A random 3-d shape (see ``rand_shape_2d``)."""
    low = 0 if allow_zero_size else 1
    return rnd.randint(low, dim0 + 1), rnd.randint(low, dim1 + 1), rnd.randint(low, dim2 + 1)


def rand_shape_nd(num_dim, dim=10, allow_zero_size=False):
    """A random shape of ``num_dim`` dimensions, each in ``[1, dim]``."""
    low = 0 if allow_zero_size else 1
    return tuple(rnd.randint(low, dim + 1, size=num_dim))


def rand_coord_2d(x_low, x_high, y_low, y_high):
    """A random integer point ``(x, y)`` with ``x_low <= x < x_high``, ``y_low <= y < y_high``."""
    x = np.random.randint(x_low, x_high, dtype=np.int64)
    y = np.random.randint(y_low, y_high, dtype=np.int64)
    return x, y


def np_reduce(dat, axis, keepdims, numpy_reduce_func):
    """Reduce ``dat`` over ``axis`` (int, list or None) one axis at a time.

    Parameters
    ----------
    dat : numpy.ndarray
    axis : None, int or sequence of int
    keepdims : bool
    numpy_reduce_func : callable
        A NumPy reduction taking ``axis=``, such as ``np.sum`` or ``np.max``.
    """
    if isinstance(axis, int):
        axis = [axis]
    else:
        axis = list(axis) if axis is not None else list(range(len(dat.shape)))
    ret = dat
    for i in sorted(axis, reverse=True):
        ret = numpy_reduce_func(ret, axis=i)
    if keepdims:
        kept = list(dat.shape)
        for i in axis:
            kept[i] = 1
        ret = ret.reshape(tuple(kept))
    return ret


# ---------------------------------------------------------------------------
# comparisons


def _as_numpy(x):
    if hasattr(x, "asnumpy"):
        return x.asnumpy()
    return x


def same(a, b):
    """Whether two NumPy arrays have the same shape and elements."""
    return np.array_equal(_as_numpy(a), _as_numpy(b))


def checkShapes(a, b):
    """Raise AssertionError when ``a`` and ``b`` differ in shape."""
    if a.shape != b.shape:
        msg = npt.build_err_msg([a, b], err_msg="a.shape = {} and b.shape = {} are not equal"
                                .format(str(a.shape), str(b.shape)))
        raise AssertionError(msg)


def almost_equal(a, b, rtol=None, atol=None, equal_nan=False, use_broadcast=True):
    """Whether ``|a - b| <= atol + rtol * |b|`` everywhere (``numpy.allclose``).

    Parameters
    ----------
    a, b : numpy.ndarray or NDArray
    rtol, atol : float, optional
        Defaults are float64's (1e-5 and 1e-20), as in MXNet.
    equal_nan : bool
        Whether NaNs in the same place compare equal.
    use_broadcast : bool
        When False, different shapes raise AssertionError.
    """
    a, b = _as_numpy(a), _as_numpy(b)
    if not use_broadcast:
        checkShapes(a, b)
    return np.allclose(a, b, rtol=get_rtol(rtol), atol=get_atol(atol), equal_nan=equal_nan)


def _index_str(index):
    return str(tuple(int(i) for i in index))


def locationError(a, b, index, names, maxError=False):
    """The message line naming the element ``index`` where ``a`` and ``b`` disagree."""
    maximum = "maximum " if maxError else ""
    return "Location of %serror: %s, %s=%.8f, %s=%.8f" \
        % (maximum, _index_str(index), names[0], a[index], names[1], b[index])


def _violations(a, b, rtol, atol):
    """How far each element is outside the tolerance (> 1 fails), MXNet's measure."""
    if a.ndim == 0 and b.ndim == 0:
        # NumPy < 2 (MXNet's) computes scalar-only expressions with Python floats in float64
        a = a.astype(np.result_type(a, np.float64))
        b = b.astype(np.result_type(b, np.float64))
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        absdiff = np.where(np.equal(a, b), 0, np.abs(a - b))
        tol = atol + rtol * np.abs(b)
        return np.broadcast_to(absdiff / (tol + 1e-20), np.broadcast_shapes(a.shape, b.shape))


def _mismatch_message(a, b, rtol, atol, names, equal_nan, mismatches):
    """The AssertionError message of a failed comparison (MXNet's format)."""
    a = np.asarray(a)
    b = np.asarray(b)
    viol = _violations(a, b, rtol, atol)
    shape = viol.shape
    if shape == ():
        errmsg = "Error %f exceeds tolerance rtol=%e, atol=%e.\n" % (float(viol), rtol, atol)
    else:
        ab = np.broadcast_arrays(a, b)
        with np.errstate(invalid="ignore"):
            bad = ~np.isclose(ab[0], ab[1], rtol=rtol, atol=atol, equal_nan=equal_nan)
        # the failing elements, worst first (NaN violations count as worst, as argmax does)
        key = -np.where(np.isnan(viol), np.inf, viol).ravel()
        order = [i for i in np.argsort(key, kind="stable") if bad.ravel()[i]]
        worst = np.unravel_index(order[0] if order else 0, shape)
        count = len(order)
        limit = mismatches[1]
        shown = count if (limit <= 0 or count <= limit) else limit + 1
        print('\n*** Maximum errors for vector of size {}:  rtol={}, atol={}\n'
              .format(a.size, rtol, atol))
        for n, flat in enumerate(order[:min(mismatches[0], shown)], 1):
            idx = np.unravel_index(flat, shape)
            print("%3d: Error %f  %s" % (n, viol[idx], locationError(ab[0], ab[1], idx, names)))
        degree = "at least " if limit > 0 and shown > limit else ""
        errmsg = "Error %f exceeds tolerance rtol=%e, atol=%e (mismatch %s%f%%).\n%s" % (
            viol[worst], rtol, atol, degree, 100 * shown / a.size,
            locationError(ab[0], ab[1], worst, names, maxError=True))
    with np.printoptions(threshold=4, suppress=True):
        return npt.build_err_msg([a, b], err_msg=errmsg)


def assert_almost_equal(a, b, rtol=None, atol=None, names=('a', 'b'), equal_nan=False,
                        use_broadcast=True, mismatches=(10, 10)):
    """Assert that two arrays are equal within tolerance; AssertionError says where they differ.

    Parameters
    ----------
    a, b : numpy.ndarray, NDArray or number
    rtol : None, float or dict of dtype to float
        Relative tolerance; by default the looser default of the two dtypes
        (float16 1e-2, float32 1e-4, float64 1e-5, integers and bool 0).
    atol : None, float or dict of dtype to float
        Absolute tolerance; default float16 1e-1, float32 1e-3, float64 1e-20, else 0.
    names : tuple of str
        Names of ``a`` and ``b`` in the error message.
    equal_nan : bool
        Whether NaNs in the same place compare equal.
    use_broadcast : bool
        When False, different shapes fail.
    mismatches : tuple of int
        How many mismatches to print, and to count before reporting "at least".

    Raises
    ------
    AssertionError
        When some element is outside ``atol + rtol * |b|``.
    """
    if not use_broadcast:
        checkShapes(a, b)
    rtol, atol = get_tols(a, b, rtol, atol)
    a = _as_numpy(a)
    b = _as_numpy(b)
    if getattr(a, "dtype", None) == np.bool_ and getattr(b, "dtype", None) == np.bool_:
        np.testing.assert_equal(a, b)
        return
    if almost_equal(a, b, rtol, atol, equal_nan=equal_nan):
        return
    raise AssertionError(_mismatch_message(a, b, rtol, atol, names, equal_nan, mismatches))


def assert_allclose(a, b, rtol=1e-07, atol=0, equal_nan=True):
    """``assert_almost_equal`` with NumPy's ``assert_allclose`` defaults."""
    assert_almost_equal(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)


def assert_almost_equal_with_err(a, b, rtol=None, atol=None, etol=None, names=('a', 'b'),
                                 equal_nan=False, mismatches=(10, 10)):
    """Like ``assert_almost_equal``, but a fraction ``etol`` of elements may mismatch.

    Parameters
    ----------
    etol : None or float
        Largest allowed fraction of mismatching elements; 0 (the default) is
        ``assert_almost_equal``.
    """
    etol = get_etol(etol)
    if etol <= 0:
        assert_almost_equal(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)
        return
    rtol, atol = get_tols(a, b, rtol, atol)
    a = _as_numpy(a)
    b = _as_numpy(b)
    equals = np.isclose(a, b, rtol=rtol, atol=atol)
    err = 1 - np.count_nonzero(equals) / equals.size
    if err > etol:
        raise AssertionError(_mismatch_message(a, b, rtol, atol, names, equal_nan, mismatches))


def assert_almost_equal_ignore_nan(a, b, rtol=None, atol=None, names=('a', 'b')):
    """``assert_almost_equal`` after zeroing every position where either input is NaN."""
    a = np.copy(_as_numpy(a))
    b = np.copy(_as_numpy(b))
    nan_mask = np.logical_or(np.isnan(a), np.isnan(b))
    a[nan_mask] = 0
    b[nan_mask] = 0
    assert_almost_equal(a, b, rtol, atol, names)


def assert_exception(f, exception_type, *args, **kwargs):
    """Assert that ``f(*args, **kwargs)`` raises ``exception_type``."""
    try:
        f(*args, **kwargs)
    except exception_type:
        return
    raise AssertionError("%s did not raise %s" % (getattr(f, "__name__", repr(f)),
                                                  getattr(exception_type, "__name__",
                                                          exception_type)))


def retry(n):
    """Decorator: run a stochastic test up to ``n`` times until it passes an AssertionError."""
    assert n > 0

    def decorate(f):
        def wrapper(*args, **kwargs):
            from . import ndarray as nd
            for i in range(n):
                try:
                    f(*args, **kwargs)
                    return
                except AssertionError:
                    if i == n - 1:
                        raise
                    nd.waitall()
        wrapper.__name__ = getattr(f, "__name__", "wrapper")
        wrapper.__doc__ = getattr(f, "__doc__", None)
        return wrapper
    return decorate


def compare_ndarray_tuple(t1, t2, rtol=None, atol=None):
    """``assert_almost_equal`` on (nested tuples of) arrays; None on either side skips."""
    if t1 is None or t2 is None:
        return
    if isinstance(t1, tuple):
        for s1, s2 in zip(t1, t2):
            compare_ndarray_tuple(s1, s2, rtol, atol)
    else:
        assert_almost_equal(t1, t2, rtol=rtol, atol=atol)


def _optimizer_pair(shape, dtype, w_stype, g_stype):
    """(w1, w2, g1, g2): ``w2``/``g2`` in the given storage types, ``w1``/``g1`` dense
    copies (as MXNet's helper: sparse weights stored with density 1)."""
    from . import random as _random
    ctx = default_context()
    pair = []
    for stype, density in ((w_stype, 1), (g_stype, None)):
        if stype == 'default':
            v2 = _random.uniform(shape=shape, ctx=ctx, dtype=dtype)
            pair += [v2.copyto(ctx), v2]
        elif stype in ('row_sparse', 'csr'):
            v2 = rand_ndarray(shape, stype, density=density, dtype=dtype)
            pair += [v2.copyto(ctx).tostype('default'), v2]
        else:
            raise MXNetError("compare_optimizer: unknown storage type %r" % (stype,))
    return pair[0], pair[1], pair[2], pair[3]


def compare_optimizer(opt1, opt2, shape, dtype, w_stype='default', g_stype='default',
                      rtol=1e-4, atol=1e-5, compare_states=True, ntensors=1):
    """Check that two optimizers give the same state and weight after one update.

    Parameters
    ----------
    opt1, opt2 : Optimizer
        Typically a Python reference implementation and the built-in one.
    shape : tuple or list of tuple
        A tuple: one weight of that shape.  A list: ``ntensors`` weights; ``opt1``
        updates them one at a time, ``opt2`` all at once (multi-tensor update).
    dtype : numpy dtype
    w_stype, g_stype : str
        ``'default'``, ``'row_sparse'`` or ``'csr'`` (sparse weights with density 1).
    rtol, atol : float
    compare_states : bool
        Also compare the optimizer states (before and after the update).
    ntensors : int
    """
    from . import random as _random
    if not isinstance(shape, list):
        if ntensors != 1:
            raise MXNetError("compare_optimizer: ntensors must be 1 for a single shape")
        w1, w2, g1, g2 = _optimizer_pair(shape, dtype, w_stype, g_stype)
        state1 = opt1.create_state_multi_precision(0, w1)
        state2 = opt2.create_state_multi_precision(0, w2)
        if compare_states:
            compare_ndarray_tuple(state1, state2)
        opt1.update_multi_precision(0, w1, g1, state1)
        opt2.update_multi_precision(0, w2, g2, state2)
        if compare_states:
            compare_ndarray_tuple(state1, state2, rtol=rtol, atol=atol)
        assert_almost_equal(w1, w2, rtol=rtol, atol=atol)
        return
    ctx = default_context()
    w1 = tuple(_random.uniform(shape=s, ctx=ctx, dtype=dtype) for s in shape)
    g1 = tuple(_random.uniform(shape=s, ctx=ctx, dtype=dtype) for s in shape)
    w2 = tuple(w.copyto(ctx) for w in w1)
    g2 = tuple(g.copyto(ctx) for g in g1)
    state2 = [opt2.create_state_multi_precision(0, w2[i]) for i in range(ntensors)]
    opt2.update_multi_precision(list(range(ntensors)), w2, g2, state2)
    for i in range(ntensors):
        state1 = opt1.create_state_multi_precision(i, w1[i])
        opt1.update_multi_precision(i, w1[i], g1[i], state1)
        if compare_states:
            compare_ndarray_tuple(state1, state2[i], rtol, atol)
        compare_ndarray_tuple(w1[i], w2[i], rtol, atol)


def same_array(array1, array2):
    """Whether two NDArrays share memory: a write to one is seen by the other.

    mxjax arrays are immutable JAX buffers behind handles, so this holds only for
    the same handle.
    """
    array1[:] += 1
    if not same(array1.asnumpy(), array2.asnumpy()):
        array1[:] -= 1
        return False
    array1[:] -= 1
    return same(array1.asnumpy(), array2.asnumpy())


# ---------------------------------------------------------------------------
# gradients


def _location_arrays(location, ctx, dtype):
    """(list of names or None, list of NDArray) from a list/tuple/dict of array-likes."""
    from . import ndarray as nd
    if isinstance(location, dict):
        names = list(location)
        values = [location[k] for k in names]
    elif isinstance(location, (list, tuple)):
        names = None
        values = list(location)
    else:
        raise ValueError("location must be a list, tuple or dict of arrays, got %s"
                         % type(location).__name__)
    arrays = [v.astype(dtype) if isinstance(v, nd.NDArray) and v.context == ctx
              else nd.array(_as_numpy(v), ctx=ctx, dtype=dtype) for v in values]
    return names, arrays


def _call(fn, names, arrays):
    return fn(**dict(zip(names, arrays))) if names is not None else fn(*arrays)


def _single_output(out, what):
    from . import ndarray as nd
    if isinstance(out, (list, tuple)):
        if len(out) != 1:
            raise MXNetError("%s: the function must return one NDArray, got %d outputs"
                             % (what, len(out)))
        out = out[0]
    if not isinstance(out, nd.NDArray):
        raise MXNetError("%s: the function must return an NDArray, got %s"
                         % (what, type(out).__name__))
    return out


def numeric_grad(executor, location, aux_states=None, eps=1e-4, use_forward_train=True,
                 dtype=default_dtype()):
    """Finite-difference gradient of the sum of a function's output.

    Each element of each float input is moved by ``+eps/2`` and ``-eps/2``; the
    gradient is ``(sum(f(x+)) - sum(f(x-))) / eps``.

    Parameters
    ----------
    executor : callable
        In MXNet an Executor; in mxjax a function of NDArrays returning one NDArray,
        called with keyword arguments when ``location`` is a dict, positionally
        when it is a list.
    location : dict of str to numpy.ndarray, or list of numpy.ndarray
        Where to evaluate the gradient.
    aux_states : None
        Accepted for MXNet compatibility (functions hold their own state).
    eps : float
    use_forward_train : bool
        Run the function in training mode (``autograd.train_mode``).
    dtype : numpy.float16, numpy.float32 or numpy.float64
        The dtype of the NDArrays the function is called with.

    Returns
    -------
    dict or list of numpy.ndarray
        Like ``location``: the gradient for each input (zeros for non-float inputs).
    """
    from . import autograd
    assert dtype in (np.float16, np.float32, np.float64)
    if not callable(executor):
        raise MXNetError("numeric_grad: mxjax takes a function of NDArrays in place of an "
                         "Executor, got %s" % type(executor).__name__)
    ctx = default_context()
    names = list(location) if isinstance(location, dict) else None
    values = list(location.values()) if names is not None else list(location)
    values = [np.array(_as_numpy(v), order='C') for v in values]
    from . import ndarray as nd
    scope = autograd.train_mode if use_forward_train else autograd.predict_mode

    def total(vals):
        arrays = [nd.array(v, ctx=ctx, dtype=dtype) for v in vals]
        with scope():
            out = _single_output(_call(executor, names, arrays), "numeric_grad")
        return out.asnumpy().astype(np.float64).sum()

    grads = []
    for k, v in enumerate(values):
        g = np.zeros(v.shape, dtype=dtype)
        if v.dtype.kind == 'f':
            flat = v.reshape(-1)
            for i in range(flat.size):
                old = flat[i]
                flat[i] = old + eps / 2.0
                f_peps = total(values)
                flat[i] = old - eps / 2.0
                f_neps = total(values)
                flat[i] = old
                g.reshape(-1)[i] = (f_peps - f_neps) / eps
        grads.append(g)
    if names is not None:
        return dict(zip(names, grads))
    return grads


def check_numeric_gradient(sym, location, aux_states=None, numeric_eps=None, rtol=None,
                           atol=None, grad_nodes=None, use_forward_train=True, ctx=None,
                           grad_stype_dict=None, dtype=default_dtype()):
    """Check a function's autograd gradients against finite differences.

    Difference from MXNet: ``sym`` is a Python function of NDArrays returning one
    NDArray (MXNet takes a Symbol and binds an executor). Its gradients come from
    ``autograd.record()`` + ``backward()``. As in MXNet, the output is multiplied by
    a fixed random projection (values in [0.1, 1.1)) and summed, so every output
    element counts with its own weight.

    Parameters
    ----------
    sym : callable
        ``sym(*arrays)`` for a list ``location``, ``sym(**arrays)`` for a dict.
    location : list, tuple or dict of numpy.ndarray (or NDArray)
        Where to check; all inputs of the function.
    aux_states : None
        Accepted for MXNet compatibility.
    numeric_eps : float, optional
        Finite-difference step; default by dtype (float32: 2**-9).
    rtol, atol : float, optional
        Tolerances of the comparison (``assert_almost_equal`` defaults).
    grad_nodes : None, list or dict, optional
        Inputs to check: names (dict location) or positions (list location); a dict
        maps them to a grad_req ('write', 'add', 'null'). Default: all, 'write'.
    use_forward_train : bool
        Finite differences in training mode.
    ctx : Context, optional
    grad_stype_dict : None
        Only dense gradients exist in mxjax.
    dtype : numpy.float16, numpy.float32 or numpy.float64

    Raises
    ------
    AssertionError
        When a gradient differs from its finite-difference estimate.
    """
    from . import autograd
    from . import ndarray as nd
    assert dtype in (np.float16, np.float32, np.float64)
    from .symbol import Symbol as _Symbol
    if isinstance(sym, _Symbol):  # run the symbol through the dispatch path
        from .symbol._eval import symbol_function
        if isinstance(location, (list, tuple)):
            location = dict(zip(sym.list_arguments(), location))
        if aux_states is not None:
            location = dict(location, **(aux_states if isinstance(aux_states, dict) else
                                         dict(zip(sym.list_auxiliary_states(), aux_states))))
        sym = symbol_function(sym)
    if not callable(sym):
        raise MXNetError("check_numeric_gradient: expected a Symbol or a Python function "
                         "of NDArrays, got %s" % type(sym).__name__)
    if grad_stype_dict and any(v != 'default' for v in grad_stype_dict.values()):
        raise MXNetError("check_numeric_gradient: only dense gradients are supported, got "
                         "grad_stype_dict=%r" % (grad_stype_dict,))
    ctx = ctx if ctx is not None else default_context()
    names, arrays = _location_arrays(location, ctx, dtype)
    keys = names if names is not None else list(range(len(arrays)))
    if grad_nodes is None:
        grad_req = {k: 'write' for k in keys}
    elif isinstance(grad_nodes, (list, tuple)):
        grad_req = {k: 'write' for k in grad_nodes}
    elif isinstance(grad_nodes, dict):
        grad_req = dict(grad_nodes)
    else:
        raise ValueError("grad_nodes must be None, a list, tuple or dict, got %r"
                         % (grad_nodes,))
    for k, req in grad_req.items():
        if k not in keys:
            raise MXNetError("check_numeric_gradient: grad_nodes names %r, which is not an "
                             "input (inputs: %s)" % (k, keys))
        if req not in ('write', 'add', 'null'):
            raise ValueError("Invalid grad_req %s for argument %s" % (req, k))

    with autograd.pause(train_mode=True):
        out = _single_output(_call(sym, names, arrays), "check_numeric_gradient")
    proj_np = np.random.rand(*out.shape) + 0.1
    proj = nd.array(proj_np, ctx=ctx, dtype=out.dtype)
    orig_grads = {k: np.random.normal(0, 0.01, size=arrays[keys.index(k)].shape)
                  for k in grad_req}
    for pos, k in enumerate(keys):
        if k in grad_req:
            arrays[pos].attach_grad(grad_req=grad_req[k])
            if arrays[pos].grad is not None:
                arrays[pos].grad[:] = nd.array(orig_grads[k], ctx=ctx, dtype=dtype)
    with autograd.record(train_mode=True):
        out = _single_output(_call(sym, names, arrays), "check_numeric_gradient")
        loss = out * proj
    loss.backward()

    eps = get_tolerance(out, numeric_eps, default_numeric_eps())
    if dtype in (np.float32, np.float16):
        assert eps >= 1e-5

    def projected(*args, **kwargs):
        return _single_output(sym(*args, **kwargs), "check_numeric_gradient") * proj

    location_np = [a.asnumpy() for a in arrays]
    if names is not None:
        location_np = dict(zip(names, location_np))
    fd = numeric_grad(projected, location_np, eps=eps, use_forward_train=use_forward_train,
                      dtype=dtype)
    for k, req in grad_req.items():
        pos = keys.index(k)
        fd_grad = fd[k] if names is not None else fd[pos]
        grad = arrays[pos].grad
        sym_grad = grad.asnumpy() if grad is not None else orig_grads[k]
        label = ("NUMERICAL_%s" % k, "BACKWARD_%s" % k)
        if req == 'write':
            assert_almost_equal(fd_grad, sym_grad, rtol, atol, label)
        elif req == 'add':
            assert_almost_equal(fd_grad, sym_grad - orig_grads[k].astype(sym_grad.dtype),
                                rtol, atol, label)
        else:
            assert_almost_equal(orig_grads[k], sym_grad, rtol, atol, label)


# ---------------------------------------------------------------------------
# environment and machine


def list_gpus():
    """``range(n)`` for the ``n`` GPUs JAX can see."""
    return range(_context.num_gpus())


@contextmanager
def discard_stderr():
    """Discard what is written to the process's stderr inside ``with discard_stderr():``.

    Both file descriptor 2 (where native code writes) and ``sys.stderr``'s descriptor,
    when it is another one, are pointed at the null device for the block.
    """
    fds = [2]
    try:
        if sys.stderr.fileno() != 2:
            fds.append(sys.stderr.fileno())
    except (AttributeError, ValueError, OSError):
        pass  # sys.stderr is not backed by a descriptor
    saved = []
    with open(os.devnull, 'w') as bit_bucket:
        try:
            if sys.stderr is not None:
                sys.stderr.flush()
            for fd in fds:
                try:
                    saved.append((fd, os.dup(fd)))
                except OSError:
                    continue
                os.dup2(bit_bucket.fileno(), fd)
            yield
        finally:
            if sys.stderr is not None:
                sys.stderr.flush()
            for fd, old in reversed(saved):
                os.dup2(old, fd)
                os.close(old)


@contextmanager
def environment(*args):
    """Set environment variables inside a ``with`` block and restore them afterwards.

    Parameters
    ----------
    *args
        ``(name, value)`` for one variable, or one dict ``{name: value}``. A value
        of None unsets the variable.

    Examples
    --------
    >>> with environment('MXNET_ENGINE_TYPE', 'NaiveEngine'):
    ...     pass
    """
    if len(args) == 1 and isinstance(args[0], dict):
        env_vars = args[0]
    else:
        assert len(args) == 2, 'Expecting one dict arg or two args: env var name and value'
        env_vars = {args[0]: args[1]}

    def apply(values):
        for name, value in values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    snapshot = {name: os.environ.get(name) for name in env_vars}
    apply(env_vars)
    try:
        yield
    finally:
        from . import ndarray as nd
        nd.waitall()
        apply(snapshot)


def collapse_sum_like(a, shape):
    """Sum ``a`` over the axes that ``shape`` broadcasts along, giving an array of ``shape``.

    Parameters
    ----------
    a : numpy.ndarray
    shape : tuple of int
        Broadcastable to ``a.shape``.
    """
    assert len(a.shape) >= len(shape)
    if np.prod(shape) == 0 or a.size == 0:
        return np.zeros(shape, dtype=a.dtype)
    lead = len(a.shape) - len(shape)
    axes = list(range(lead))
    for i, s in enumerate(shape):
        if s != a.shape[i + lead]:
            assert s == 1
            axes.append(i + lead)
    return np.sum(a, axis=tuple(axes)).reshape(shape)


def is_cd_run():
    """Whether the tests run as part of a Continuous Delivery job (``CD_JOB=1``)."""
    return os.environ.get("CD_JOB", 0) == "1"


def is_aarch64_run():
    """Whether this machine is aarch64."""
    return platform.machine() == "aarch64"


def has_tvm_ops():
    """False: mxjax has no TVM-generated operators."""
    return False


def is_op_runnable():
    """True: every mxjax operator runs on every context JAX provides."""
    return True


# ---------------------------------------------------------------------------
# statistics of random generators


def gen_buckets_probs_with_ppf(ppf, nbuckets):
    """``nbuckets`` equal-probability buckets from a quantile function, with their probabilities.

    Returns
    -------
    (list of (float, float), list of float)
    """
    assert nbuckets > 0
    probs = [1.0 / nbuckets for _ in range(nbuckets)]
    buckets = [(ppf(i / float(nbuckets)), ppf((i + 1) / float(nbuckets)))
               for i in range(nbuckets)]
    return buckets, probs


def mean_check(generator, mu, sigma, nsamples=1000000):
    """Whether the mean of ``generator(nsamples)`` lies within ``mu +- 3 sigma / sqrt(n)``."""
    samples = np.array(_as_numpy(generator(nsamples)))
    sample_mean = samples.mean()
    half = 3 * sigma / np.sqrt(nsamples)
    return (sample_mean > mu - half) and (sample_mean < mu + half)


def var_check(generator, sigma, nsamples=1000000):
    """Whether the variance of ``generator(nsamples)`` is within 3 standard errors of sigma**2."""
    samples = np.array(_as_numpy(generator(nsamples)))
    sample_var = samples.var(ddof=1)
    half = 3 * np.sqrt(2 * sigma ** 4 / (nsamples - 1))
    return (sample_var > sigma ** 2 - half) and (sample_var < sigma ** 2 + half)


def chi_square_check(generator, buckets, probs, nsamples=1000000):
    """Chi-square test of ``generator(nsamples)`` against bucket probabilities (needs SciPy).

    Parameters
    ----------
    generator : callable
        ``generator(n)`` gives ``n`` i.i.d. samples.
    buckets : list of (low, high) tuples, or list of values
        Ascending, non-overlapping ranges (continuous) or the possible values (discrete).
    probs : list of float
        The expected probability of each bucket.
    nsamples : int

    Returns
    -------
    (float, numpy.ndarray, numpy.ndarray)
        The p value, observed and expected frequencies.
    """
    try:
        import scipy.stats as ss
    except ImportError:  # pragma: no cover
        raise ImportError("scipy is not available."
                          " Please check if the scipy python bindings are installed.") from None
    assert isinstance(buckets, list)
    samples = np.asarray(_as_numpy(generator(nsamples)))
    assert len(probs) == len(buckets)
    continuous = isinstance(buckets[0], (list, tuple))
    expected_freq = (nsamples * np.array(probs, dtype=np.float32)).astype(np.int32)
    obs_freq = np.zeros(len(buckets), dtype=np.int64)
    if continuous:
        edges = np.zeros(len(buckets) * 2, dtype=np.float32)
        for i, (lo, hi) in enumerate(buckets):
            assert lo <= hi
            if i < len(buckets) - 1:
                assert hi <= buckets[i + 1][0]
            edges[2 * i], edges[2 * i + 1] = lo, hi
        ids = np.searchsorted(edges, samples, side='right') // 2
        for i in range(len(buckets)):
            obs_freq[i] = (ids == i).sum()
    else:
        for i, value in enumerate(buckets):
            obs_freq[i] = (samples == value).sum()
    # Pearson's statistic and its p value as scipy.stats.chisquare computed them before
    # SciPy 1.9, which MXNet's tests were written for: newer SciPy refuses expected
    # frequencies that do not sum to the observed total (truncation and samples
    # outside every bucket make them differ slightly here).
    f_exp = expected_freq.astype(np.float64)
    stat = float(np.sum((obs_freq - f_exp) ** 2 / f_exp))
    p = float(ss.chi2.sf(stat, len(buckets) - 1))
    return p, obs_freq, expected_freq


def verify_generator(generator, buckets, probs, nsamples=1000000, nrepeat=5, success_rate=0.2,
                     alpha=0.05):
    """Repeat ``chi_square_check``; AssertionError when too few runs have ``p > alpha``.

    Returns
    -------
    list of float
        The p values.
    """
    results = [chi_square_check(generator=generator, buckets=buckets, probs=probs,
                                nsamples=nsamples) for _ in range(nrepeat)]
    p_values = [r[0] for r in results]
    if (np.array(p_values) > alpha).sum() < nrepeat * success_rate:
        raise AssertionError("Generator test fails, Chi-square p=%s, obs_freq=%s, "
                             "expected_freq=%s.\nbuckets=%s, probs=%s"
                             % (str(p_values), str([r[1] for r in results]),
                                str([r[2] for r in results]), str(buckets), str(probs)))
    return p_values


# ---------------------------------------------------------------------------
# test matrices


def new_matrix_with_real_eigvals_2d(n):
    """A well-conditioned ``n x n`` matrix with real eigenvalues in [-10, 10]."""
    while True:
        d = np.diag(np.random.uniform(-1.0, 1.0, n))
        v = np.random.uniform(-1., 1., n).reshape(n, 1)
        v = v / np.linalg.norm(v, axis=-2, keepdims=True)
        householder = np.eye(n) - 2 * np.matmul(v, v.T)
        q = np.matmul(householder, d)
        if np.linalg.cond(q, 2) < 3:
            break
    d = np.diag(np.random.uniform(-10.0, 10.0, n))
    return np.matmul(np.matmul(np.linalg.inv(q), d), q)


def new_matrix_with_real_eigvals_nd(shape):
    """A batch of ``new_matrix_with_real_eigvals_2d`` matrices of ``shape``."""
    n = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return np.array([new_matrix_with_real_eigvals_2d(shape[-1]) for _ in range(n)]) \
        .reshape(shape)


def new_orthonormal_matrix_2d(n):
    """A random ``n x n`` orthonormal matrix."""
    x = np.random.randn(n, n)
    return np.linalg.qr(np.matmul(x.T, x))[0]


def new_sym_matrix_with_real_eigvals_2d(n):
    """A random symmetric ``n x n`` matrix with eigenvalues in [-10, 10]."""
    q = new_orthonormal_matrix_2d(n)
    d = np.diag(np.random.uniform(-10.0, 10.0, n))
    return np.matmul(np.matmul(q.T, d), q)


def new_sym_matrix_with_real_eigvals_nd(shape):
    """A batch of ``new_sym_matrix_with_real_eigvals_2d`` matrices of ``shape``."""
    n = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return np.array([new_sym_matrix_with_real_eigvals_2d(shape[-1]) for _ in range(n)]) \
        .reshape(shape)


# ---------------------------------------------------------------------------
# data iterators


def _data_iter_base():
    try:
        from .io import DataIter
        return DataIter
    except ImportError:
        return object


class DummyIter(_data_iter_base()):
    """An iterator that returns the first batch of ``real_iter`` forever (for speed tests).

    Parameters
    ----------
    real_iter : DataIter
        Must provide ``provide_data``, ``provide_label``, ``batch_size`` and ``next()``.
    """

    def __init__(self, real_iter):
        try:
            super().__init__()
        except TypeError:
            super().__init__(real_iter.batch_size)
        self.real_iter = real_iter
        self.provide_data = real_iter.provide_data
        self.provide_label = real_iter.provide_label
        self.batch_size = real_iter.batch_size
        self.the_batch = next(real_iter)

    def __iter__(self):
        return self

    def reset(self):
        """Nothing to reset: the same batch is returned forever."""

    def next(self):
        """The first batch of the real iterator (StopIteration is never raised)."""
        return self.the_batch

    def __next__(self):
        return self.next()


# ---------------------------------------------------------------------------
# symbol checks (bind the Symbol with an Executor)


def _sym_location(sym, location, ctx, dtype):
    names = sym.list_arguments()
    if isinstance(location, dict):
        unknown = set(location) - set(names)
        if unknown:
            raise ValueError("Symbol arguments and keys of the given location do not match. "
                             "symbol args:%s, location.keys():%s" % (names, list(location)))
    else:
        location = dict(zip(names, location))
    from . import ndarray as nd
    return {k: (v.astype(dtype) if hasattr(v, "asnumpy") else
                nd.array(np.asarray(v), ctx=ctx, dtype=dtype)) for k, v in location.items()}


def _sym_aux(sym, aux_states, ctx, dtype):
    from . import ndarray as nd
    if aux_states is None:
        return None
    if not isinstance(aux_states, dict):
        aux_states = dict(zip(sym.list_auxiliary_states(), aux_states))
    return {k: (v.astype(dtype) if hasattr(v, "asnumpy") else
                nd.array(np.asarray(v), ctx=ctx, dtype=dtype)) for k, v in aux_states.items()}


def check_symbolic_forward(sym, location, expected, rtol=None, atol=None, aux_states=None,
                           ctx=None, equal_nan=False, dtype=np.float32):
    """Bind ``sym`` to ``location``, run forward (``is_train=False``) and compare the
    outputs with ``expected`` (a list, or a dict by output name).

    Returns
    -------
    list of NDArray
        The outputs.
    """
    ctx = ctx if ctx is not None else default_context()
    args = _sym_location(sym, location, ctx, dtype)
    exe = sym.bind(ctx, args, grad_req="null", aux_states=_sym_aux(sym, aux_states, ctx,
                                                                   dtype))
    outputs = exe.forward(is_train=False)
    if isinstance(expected, dict):
        expected = [expected[k] for k in sym.list_outputs()]
    for name, out, exp in zip(sym.list_outputs(), outputs, expected):
        assert_almost_equal(out, exp, rtol, atol, ("EXPECTED_%s" % name, "FORWARD_%s" % name),
                            equal_nan=equal_nan)
    return outputs


def check_symbolic_backward(sym, location, out_grads, expected, rtol=None, atol=None,
                            aux_states=None, grad_req='write', ctx=None, grad_stypes=None,
                            equal_nan=False, dtype=np.float32):
    """Bind ``sym``, run forward (training) and backward with ``out_grads`` and compare
    the argument gradients with ``expected`` (a list, or a dict by argument name).

    Returns
    -------
    dict of str to NDArray
        The gradients.
    """
    from . import ndarray as nd
    ctx = ctx if ctx is not None else default_context()
    args = _sym_location(sym, location, ctx, dtype)
    names = sym.list_arguments()
    if isinstance(expected, (list, tuple)):
        expected = dict(zip(names, expected))
    if isinstance(grad_req, str):
        grad_req = {k: grad_req for k in names}
    elif isinstance(grad_req, (list, tuple)):
        grad_req = dict(zip(names, grad_req))
    rng = np.random.RandomState(0)
    grads = {k: nd.array(rng.normal(size=args[k].shape), ctx=ctx, dtype=dtype)
             for k in names if grad_req.get(k, "null") != "null"}
    before = {k: g.asnumpy() for k, g in grads.items()}
    exe = sym.bind(ctx, args, args_grad=grads, grad_req=grad_req,
                   aux_states=_sym_aux(sym, aux_states, ctx, dtype))
    exe.forward(is_train=True)
    if isinstance(out_grads, (list, tuple)):
        out_grads = [g if hasattr(g, "asnumpy") else nd.array(np.asarray(g), ctx=ctx,
                                                              dtype=dtype) for g in out_grads]
    elif isinstance(out_grads, dict):
        out_grads = [nd.array(np.asarray(out_grads[k]), ctx=ctx, dtype=dtype)
                     for k in sym.list_outputs()]
    elif out_grads is not None:
        out_grads = [out_grads if hasattr(out_grads, "asnumpy") else
                     nd.array(np.asarray(out_grads), ctx=ctx, dtype=dtype)]
    exe.backward(out_grads)
    for k, exp in expected.items():
        req = grad_req.get(k, "null")
        if req == "null":
            continue
        exp = exp.asnumpy() if hasattr(exp, "asnumpy") else np.asarray(exp)
        if req == "add":
            exp = exp + before[k]
        assert_almost_equal(grads[k], exp, rtol, atol, ("EXPECTED_%s" % k, "BACKWARD_%s" % k),
                            equal_nan=equal_nan)
    return {k: exe.grad_dict[k] for k in names}


def check_consistency(sym, ctx_list, scale=1.0, grad_req='write', arg_params=None,
                      aux_params=None, tol=None, raise_on_err=True, ground_truth=None,
                      equal_nan=False, use_uniform=False, rand_type=np.float64):
    """Run one symbol (or one per entry) under each ``ctx_list`` entry (``{'ctx': ...,
    <arg>: shape, 'type_dict': {...}}``) with the same random inputs and check that the
    outputs and gradients agree with the most precise run.

    Returns
    -------
    dict
        The ground truth: ``{output or argument name: numpy array}``.
    """
    from . import ndarray as nd
    if not isinstance(sym, (list, tuple)):
        sym = [sym] * len(ctx_list)
    assert len(sym) == len(ctx_list)
    tol = tol or {np.dtype(np.float16): 1e-1, np.dtype(np.float32): 1e-3,
                  np.dtype(np.float64): 1e-5, np.dtype(np.uint8): 0, np.dtype(np.int32): 0,
                  np.dtype(np.int64): 0}
    if not isinstance(tol, dict):
        tol = {np.dtype(t): tol for t in (np.float16, np.float32, np.float64, np.uint8,
                                           np.int32, np.int64)}
    output_names = sym[0].list_outputs()
    arg_names = sym[0].list_arguments()
    exes = []
    for s, ctx in zip(sym, ctx_list):
        assert s.list_arguments() == arg_names and s.list_outputs() == output_names
        shapes = {k: v for k, v in ctx.items() if k not in ("ctx", "type_dict")}
        exes.append(s.simple_bind(grad_req=grad_req, ctx=ctx["ctx"],
                                  type_dict=ctx.get("type_dict"), **shapes))
    arg_params = {} if arg_params is None else dict(arg_params)
    aux_params = {} if aux_params is None else dict(aux_params)
    for n, arr in exes[0].arg_dict.items():
        if n not in arg_params:
            arg_params[n] = (np.random.uniform(-0.9 * scale, 0.9 * scale, arr.shape)
                             if use_uniform else np.random.normal(size=arr.shape,
                                                                  scale=scale))
            arg_params[n] = arg_params[n].astype(rand_type)
    for n, arr in exes[0].aux_dict.items():
        aux_params.setdefault(n, np.zeros(arr.shape))
    for exe in exes:
        for n, arr in exe.arg_dict.items():
            arr[:] = nd.array(np.asarray(arg_params[n]).astype(arr.dtype))
        for n, arr in exe.aux_dict.items():
            arr[:] = nd.array(np.asarray(aux_params[n]).astype(arr.dtype))
    dtypes = [np.dtype(exe.outputs[0].dtype) if exe.outputs else np.dtype(np.float32)
              for exe in exes]
    max_idx = int(np.argmax([d.itemsize if d.kind == "f" else 0 for d in dtypes]))
    for exe in exes:
        exe.forward(is_train=False)
    gt = ground_truth
    if gt is None:
        gt = dict(zip(output_names, [o.asnumpy() for o in exes[max_idx].outputs]))
    for i, exe in enumerate(exes):
        if i == max_idx and ground_truth is None:
            continue
        for name, out in zip(output_names, exe.outputs):
            t = tol.get(np.dtype(out.dtype), 1e-3)
            try:
                assert_almost_equal(out, gt[name], rtol=t, atol=t, equal_nan=equal_nan)
            except AssertionError:
                if raise_on_err:
                    raise
    if grad_req != "null":
        for exe in exes:
            exe.forward(is_train=True)
        heads = [np.random.normal(size=o.shape) for o in exes[max_idx].outputs]
        for exe in exes:
            exe.backward([nd.array(h.astype(o.dtype)) for h, o in zip(heads, exe.outputs)])
        if ground_truth is None:
            gt.update({k: v.asnumpy() for k, v in exes[max_idx].grad_dict.items()
                       if v is not None})
        for i, exe in enumerate(exes):
            if i == max_idx and ground_truth is None:
                continue
            for name, g in exe.grad_dict.items():
                if g is None or name not in gt:
                    continue
                t = tol.get(np.dtype(g.dtype), 1e-3)
                try:
                    assert_almost_equal(g, gt[name], rtol=t, atol=t, equal_nan=equal_nan)
                except AssertionError:
                    if raise_on_err:
                        raise
    return gt
