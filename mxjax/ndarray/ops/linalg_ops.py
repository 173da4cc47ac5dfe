"""Batched linear algebra: the ``_linalg_*`` operators (``mx.nd.linalg``).

Every operator works on the trailing two axes of its inputs (``gemm``/``gemm2`` may
take the row axis elsewhere) and loops over the leading ones, as MXNet's ``la_op``.
Only float32 and float64 are accepted. Where MXNet reads one triangle of an input
(``potrf``, ``syevd``, ``potri``, ``trmm``, ``trsm``) the other one is ignored.
"""
import numpy as np
import jax.numpy as jnp
from jax import lax

from ...base import MXNetError, shape_str
from ..registry import register

_HI = lax.Precision.HIGHEST


def _name(op):
    return "_linalg_" + op


def _check_float(op, *arrays):
    first = arrays[0].dtype
    for a in arrays:
        if a.dtype not in (jnp.float32, jnp.float64):
            raise MXNetError("Operator %s: this operation only supports 32-bit and 64-bit "
                             "floating point, got %s" % (_name(op), np.dtype(a.dtype).name))
        if a.dtype != first:
            raise MXNetError("Operator %s: all inputs must have the same dtype, got %s"
                             % (_name(op), ", ".join(np.dtype(x.dtype).name for x in arrays)))


def _check_ndim(op, a, least=2, what="A"):
    if a.ndim < least:
        raise MXNetError("Operator %s: input %s must have at least %d dimensions, got shape %s"
                         % (_name(op), what, least, shape_str(a.shape)))


def _check_square(op, a, what="A"):
    _check_ndim(op, a, 2, what)
    if a.shape[-1] != a.shape[-2]:
        raise MXNetError("Operator %s: input %s must be a tensor of square matrices, got "
                         "shape %s" % (_name(op), what, shape_str(a.shape)))


def _check_batch(op, *arrays):
    ref = arrays[0]
    for i, a in enumerate(arrays[1:], 1):
        if a.ndim != ref.ndim or a.shape[:-2] != ref.shape[:-2]:
            raise MXNetError("Operator %s: inputs 0 and %d must have the same leading "
                             "dimensions, got shapes %s and %s"
                             % (_name(op), i, shape_str(ref.shape), shape_str(a.shape)))


def _t(x):
    return jnp.swapaxes(x, -1, -2)


def _scalar(v, x):
    return jnp.asarray(v, dtype=x.dtype)


def _matmul(a, b):
    return jnp.matmul(a, b, precision=_HI)


def _sym_from_lower(a):
    """The symmetric matrix given by ``a``'s lower triangle, with the derivative of
    ``(a + a^T) / 2`` (MXNet's gradients of potrf/syevd are symmetric)."""
    lower = jnp.tril(a)
    value = lower + _t(jnp.tril(a, -1))
    sym = (a + _t(a)) / 2
    return sym + lax.stop_gradient(value - sym)


def _vec_to_mat(x, ndim):
    """Legacy shape: a result over a single matrix is (1,), over a batch its batch shape."""
    return x.reshape((1,)) if ndim == 2 else x


# ---------------------------------------------------------------------------
# products


def _gemm_row_axis(op, axis, ndim):
    ax = axis + ndim if axis < 0 else axis
    if not 0 <= ax < ndim - 1:
        raise MXNetError("Operator %s: invalid row axis %d for inputs with %d dimensions "
                         "(it must not be the last axis)" % (_name(op), axis, ndim))
    return ax


def _product(op, A, B, transpose_a, transpose_b, alpha, axis, C=None):
    arrays = (A, B) if C is None else (A, B, C)
    _check_float(op, *arrays)
    for i, x in enumerate(arrays):
        _check_ndim(op, x, 2, "ABC"[i])
    ndim = A.ndim
    for i, x in enumerate(arrays[1:], 1):
        if x.ndim != ndim:
            raise MXNetError("Operator %s: inputs must have the same number of dimensions, "
                             "got shapes %s" % (_name(op), ", ".join(shape_str(a.shape)
                                                                    for a in arrays)))
    ax = _gemm_row_axis(op, int(axis), ndim)
    if ax != ndim - 2:
        arrays = tuple(jnp.swapaxes(x, ax, ndim - 2) for x in arrays)
    a, b = arrays[0], arrays[1]
    if a.shape[:-2] != b.shape[:-2]:
        raise MXNetError("Operator %s: shapes of inputs A %s and B %s must be the same except "
                         "on the row/column axes" % (_name(op), shape_str(A.shape),
                                                     shape_str(B.shape)))
    a = _t(a) if transpose_a else a
    b = _t(b) if transpose_b else b
    if a.shape[-1] != b.shape[-2]:
        raise MXNetError("Operator %s: incompatible matrix dimensions for multiplication: A %s, "
                         "B %s (transpose_a=%s, transpose_b=%s, axis=%d)"
                         % (_name(op), shape_str(A.shape), shape_str(B.shape), transpose_a,
                            transpose_b, axis))
    out = _scalar(alpha, a) * _matmul(a, b)
    if C is not None:
        c = arrays[2]
        if c.shape != out.shape:
            want = out.shape if ax == ndim - 2 else jnp.swapaxes(out, ax, ndim - 2).shape
            raise MXNetError("Operator %s: input C has shape %s but A*B has shape %s"
                             % (_name(op), shape_str(C.shape), shape_str(want)))
    return out, ax, ndim, arrays


@register("_linalg_gemm", aliases=("linalg_gemm",))
def linalg_gemm(A, B, C, *, transpose_a=False, transpose_b=False, alpha=1.0, beta=1.0,
                axis=-2):
    """General matrix multiply-add: ``alpha * op(A) op(B) + beta * C`` (batched).

    ``axis`` is the row axis of the matrices; their columns are the last axis.
    """
    out, ax, ndim, arrays = _product("gemm", A, B, transpose_a, transpose_b, alpha, axis, C)
    out = out + _scalar(beta, out) * arrays[2]
    if ax != ndim - 2:
        out = jnp.swapaxes(out, ax, ndim - 2)
    return out


@register("_linalg_gemm2", aliases=("linalg_gemm2",))
def linalg_gemm2(A, B, *, transpose_a=False, transpose_b=False, alpha=1.0, axis=-2):
    """General matrix multiply: ``alpha * op(A) op(B)`` (batched)."""
    out, ax, ndim, _ = _product("gemm2", A, B, transpose_a, transpose_b, alpha, axis)
    if ax != ndim - 2:
        out = jnp.swapaxes(out, ax, ndim - 2)
    return out


@register("_linalg_syrk", aliases=("linalg_syrk",))
def linalg_syrk(A, *, transpose=False, alpha=1.0):
    """``alpha * A A^T`` (or ``alpha * A^T A`` with ``transpose``), batched."""
    _check_float("syrk", A)
    _check_ndim("syrk", A)
    if transpose:
        out = _matmul(_t(A), A)
    else:
        out = _matmul(A, _t(A))
    return _scalar(alpha, A) * out


def _triangle(a, lower):
    return jnp.tril(a) if lower else jnp.triu(a)


def _check_tri_pair(op, A, B, rightside, transpose):
    _check_float(op, A, B)
    _check_square(op, A)
    _check_ndim(op, B, 2, "B")
    _check_batch(op, A, B)
    n = A.shape[-1]
    k = B.shape[-1] if rightside else B.shape[-2]
    if k != n:
        raise MXNetError("Operator %s: incompatible matrix dimensions: A %s, B %s "
                         "(rightside=%s, transpose=%s)" % (_name(op), shape_str(A.shape),
                                                           shape_str(B.shape), rightside,
                                                           transpose))


@register("_linalg_trmm", aliases=("linalg_trmm",))
def linalg_trmm(A, B, *, transpose=False, rightside=False, lower=True, alpha=1.0):
    """Triangular matrix multiply: ``alpha * op(A) B`` or ``alpha * B op(A)``.

    Only the lower (``lower=True``) or upper triangle of ``A`` is read.
    """
    _check_tri_pair("trmm", A, B, rightside, transpose)
    t = _triangle(A, lower)
    if transpose:
        t = _t(t)
    out = _matmul(B, t) if rightside else _matmul(t, B)
    return _scalar(alpha, B) * out


@register("_linalg_trsm", aliases=("linalg_trsm",))
def linalg_trsm(A, B, *, transpose=False, rightside=False, lower=True, alpha=1.0):
    """Triangular solve: ``X`` with ``op(A) X = alpha B`` or ``X op(A) = alpha B``.

    Only the lower (``lower=True``) or upper triangle of ``A`` is read.
    """
    _check_tri_pair("trsm", A, B, rightside, transpose)
    t = _triangle(A, lower)
    return lax.linalg.triangular_solve(t, _scalar(alpha, B) * B, left_side=not rightside,
                                       lower=lower, transpose_a=transpose)


# ---------------------------------------------------------------------------
# factorizations


@register("_linalg_potrf", aliases=("linalg_potrf",))
def linalg_potrf(A):
    """Cholesky factor ``L`` (lower triangular) with ``A = L L^T``; reads A's lower
    triangle."""
    _check_float("potrf", A)
    _check_square("potrf", A)
    return jnp.tril(lax.linalg.cholesky(_sym_from_lower(A), symmetrize_input=False))


def _tri_inverse(L):
    eye = jnp.broadcast_to(jnp.eye(L.shape[-1], dtype=L.dtype), L.shape)
    return lax.linalg.triangular_solve(L, eye, left_side=True, lower=True)


@register("_linalg_potri", aliases=("linalg_potri",))
def linalg_potri(A):
    """Inverse of ``A A^T`` from its Cholesky factor ``A`` (its lower triangle is read)."""
    _check_float("potri", A)
    _check_square("potri", A)
    inv = _tri_inverse(jnp.tril(A))
    return _matmul(_t(inv), inv)


@register("_linalg_gelqf", aliases=("linalg_gelqf",))
def linalg_gelqf(A):
    """LQ factorization ``A = L Q`` of (x, y) matrices with x <= y; returns ``(Q, L)``."""
    _check_float("gelqf", A)
    _check_ndim("gelqf", A)
    if A.shape[-2] > A.shape[-1]:
        raise MXNetError("Operator _linalg_gelqf: input A of shape %s must have at most as "
                         "many rows as columns" % shape_str(A.shape))
    q, r = jnp.linalg.qr(_t(A), mode="reduced")
    return _t(q), _t(r)


@register("_linalg_syevd")  # MXNet has no nd.linalg_syevd
def linalg_syevd(A):
    """Symmetric eigendecomposition: ``(U, L)`` with ``U A = diag(L) U``, ``L`` ascending.

    Each row of ``U`` is an eigenvector whose entry of largest magnitude is positive.
    Reads A's lower triangle.
    """
    _check_float("syevd", A)
    _check_square("syevd", A)
    v, w = lax.linalg.eigh(_sym_from_lower(A), lower=True, symmetrize_input=False,
                           sort_eigenvalues=True)
    u = _t(v)
    idx = jnp.argmax(jnp.abs(lax.stop_gradient(u)), axis=-1)
    big = jnp.take_along_axis(lax.stop_gradient(u), idx[..., None], axis=-1)
    sign = jnp.where(big < 0, -1, 1).astype(u.dtype)
    return u * sign, w


# ---------------------------------------------------------------------------
# inverse and determinants


@register("_linalg_inverse", aliases=("linalg_inverse",))
def linalg_inverse(A):
    """Inverse of square matrices (batched)."""
    _check_float("inverse", A)
    _check_square("inverse", A)
    return jnp.linalg.inv(A)


@register("_linalg_det", aliases=("linalg_det",))
def linalg_det(A):
    """Determinant of square matrices; shape (1,) for a single matrix."""
    _check_float("det", A)
    _check_square("det", A)
    return _vec_to_mat(jnp.linalg.det(A), A.ndim)


@register("_linalg_slogdet", aliases=("linalg_slogdet",))
def linalg_slogdet(A):
    """``(sign, logabsdet)`` of the determinant of square matrices."""
    _check_float("slogdet", A)
    _check_square("slogdet", A)
    sign, logdet = jnp.linalg.slogdet(A)
    return (_vec_to_mat(lax.stop_gradient(sign), A.ndim), _vec_to_mat(logdet, A.ndim))


@register("_linalg_sumlogdiag", aliases=("linalg_sumlogdiag",))
def linalg_sumlogdiag(A):
    """Sum of the logarithms of the diagonal; shape (1,) for a single matrix."""
    _check_float("sumlogdiag", A)
    _check_square("sumlogdiag", A)
    return _vec_to_mat(jnp.sum(jnp.log(jnp.diagonal(A, axis1=-2, axis2=-1)), axis=-1), A.ndim)


# ---------------------------------------------------------------------------
# diagonals and triangles


def _check_offset(op, offset, n):
    if abs(offset) >= n:
        raise MXNetError("Operator %s: illegal offset %d for a matrix of dimension %d"
                         % (_name(op), offset, n))


@register("_linalg_extractdiag", aliases=("linalg_extractdiag",))
def linalg_extractdiag(A, *, offset=0):
    """The ``offset``-th diagonal of square matrices."""
    _check_float("extractdiag", A)
    _check_square("extractdiag", A)
    offset = int(offset)
    _check_offset("extractdiag", offset, A.shape[-1])
    return jnp.diagonal(A, offset=offset, axis1=-2, axis2=-1)


@register("_linalg_makediag", aliases=("linalg_makediag",))
def linalg_makediag(A, *, offset=0):
    """Square matrices with ``A``'s last axis on their ``offset``-th diagonal."""
    _check_float("makediag", A)
    _check_ndim("makediag", A, 1)
    offset = int(offset)
    k = A.shape[-1]
    n = k + abs(offset)
    idx = np.arange(k)
    rows = idx + max(-offset, 0)
    cols = idx + max(offset, 0)
    out = jnp.zeros(A.shape[:-1] + (n, n), dtype=A.dtype)
    return out.at[..., rows, cols].set(A)


def _trian_indices(n, offset, lower):
    """Row and column indices of a triangle, in MXNet's order (row-major for a lower
    triangle, column-major for an upper one)."""
    if offset < 0 or (offset == 0 and lower):
        return np.tril_indices(n, offset)
    r, c = np.tril_indices(n, -offset)
    return c, r


@register("_linalg_extracttrian", aliases=("linalg_extracttrian",))
def linalg_extracttrian(A, *, offset=0, lower=True):
    """A triangle of square matrices as a vector (``offset`` > 0: upper, < 0: lower,
    0: chosen by ``lower``)."""
    _check_float("extracttrian", A)
    _check_square("extracttrian", A)
    offset = int(offset)
    n = A.shape[-1]
    _check_offset("extracttrian", offset, n)
    r, c = _trian_indices(n, offset, lower)
    return A[..., r, c]


@register("_linalg_maketrian", aliases=("linalg_maketrian",))
def linalg_maketrian(A, *, offset=0, lower=True):
    """Square matrices from triangles stored as vectors (inverse of extracttrian)."""
    _check_float("maketrian", A)
    _check_ndim("maketrian", A, 1)
    offset = int(offset)
    k = A.shape[-1]
    m = int((np.sqrt(8 * k + 1) - 1) / 2)
    while m * (m + 1) // 2 < k:
        m += 1
    if m * (m + 1) // 2 != k:
        raise MXNetError("Operator _linalg_maketrian: the last axis of A %s has length %d, "
                         "which is no triangular number m*(m+1)/2"
                         % (shape_str(A.shape), k))
    n = m + abs(offset)
    r, c = _trian_indices(n, offset, lower)
    out = jnp.zeros(A.shape[:-1] + (n, n), dtype=A.dtype)
    return out.at[..., r, c].set(A)
