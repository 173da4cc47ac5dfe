"""``mx.np.linalg``: NumPy's linear algebra as registered operators over ``jax.numpy.linalg``."""
import jax.numpy as jnp

from ..ndarray.registry import register, _OPS
from . import _ops

__all__ = ["norm", "svd", "cholesky", "inv", "det", "slogdet", "solve", "pinv", "eig",
           "eigh", "eigvals", "eigvalsh", "qr", "tensorinv", "tensorsolve", "lstsq",
           "matrix_rank", "matrix_power", "multi_dot"]


def _norm(x, *, ord=None, axis=None, keepdims=False):  # pylint: disable=redefined-builtin
    return jnp.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)


def _svd(a):
    u, s, vt = jnp.linalg.svd(a, full_matrices=False)
    return u, s, vt


def _eigh(a, *, UPLO="L"):
    w, v = jnp.linalg.eigh(a, UPLO=UPLO)
    return w, v


def _slogdet(a):
    s, l = jnp.linalg.slogdet(a)
    return s, l


def _qr(a, *, mode="reduced"):
    q, r = jnp.linalg.qr(a, mode=mode)
    return q, r


def _pinv(a, *, rcond=1e-15, hermitian=False):
    return jnp.linalg.pinv(a, rtol=rcond, hermitian=hermitian)


def _lstsq(a, b, *, rcond="warn"):
    x, res, rank, s = jnp.linalg.lstsq(a, b, rcond=None if rcond == "warn" else rcond)
    return x, res, rank.astype(jnp.int64), s


def _eig(a):
    w, v = jnp.linalg.eig(a)
    return jnp.real(w).astype(a.dtype), jnp.real(v).astype(a.dtype)


def _eigvals(a):
    return jnp.real(jnp.linalg.eigvals(a)).astype(a.dtype)


# name -> (array parameters, function)
LINALG = {
    "norm": (("x",), _norm),
    "svd": (("a",), _svd),
    "cholesky": (("a",), jnp.linalg.cholesky),
    "inv": (("a",), jnp.linalg.inv),
    "det": (("a",), jnp.linalg.det),
    "slogdet": (("a",), _slogdet),
    "solve": (("a", "b"), jnp.linalg.solve),
    "pinv": (("a",), _pinv),
    "eig": (("a",), _eig),
    "eigh": (("a",), _eigh),
    "eigvals": (("a",), _eigvals),
    "eigvalsh": (("a",), lambda a, UPLO="L": jnp.linalg.eigvalsh(a, UPLO=UPLO)),
    "qr": (("a",), _qr),
    "tensorinv": (("a",), lambda a, ind=2: jnp.linalg.tensorinv(a, ind=ind)),
    "tensorsolve": (("a", "b"), lambda a, b, axes=None: jnp.linalg.tensorsolve(a, b, axes)),
    "lstsq": (("a", "b"), _lstsq),
    "matrix_rank": (("M",), lambda M, tol=None, hermitian=False:
                    jnp.linalg.matrix_rank(M, rtol=tol).astype(jnp.int64)),
    "matrix_power": (("a",), lambda a, n: jnp.linalg.matrix_power(a, n)),
    "multi_dot": (("*arrays",), lambda *arrays: jnp.linalg.multi_dot(list(arrays))),
}

_PARAMS = {
    "norm": ("x", "ord", "axis", "keepdims"), "svd": ("a",), "cholesky": ("a",),
    "inv": ("a",), "det": ("a",), "slogdet": ("a",), "solve": ("a", "b"),
    "pinv": ("a", "rcond", "hermitian"), "eig": ("a",), "eigh": ("a", "UPLO"),
    "eigvals": ("a",), "eigvalsh": ("a", "UPLO"), "qr": ("a", "mode"),
    "tensorinv": ("a", "ind"), "tensorsolve": ("a", "b", "axes"), "lstsq": ("a", "b", "rcond"),
    "matrix_rank": ("M", "tol", "hermitian"), "matrix_power": ("a", "n"),
    "multi_dot": ("*arrays",),
}


def _build():
    from .multiarray import _generic_fn
    g = globals()
    for name, (arrays, f) in LINALG.items():
        opname = "_npi_linalg_" + name if name not in ("cholesky", "det", "inv", "slogdet",
                                                        "solve", "pinv", "eig", "eigh",
                                                        "eigvals", "eigvalsh", "svd", "norm",
                                                        "tensorinv", "tensorsolve") \
            else "_npi_" + name
        if opname not in _OPS:
            register(opname)(_ops._generic_op(name, arrays, f))
        fn = _generic_fn(name, arrays, params=_PARAMS[name], opname=opname)
        fn.__doc__ = ("NumPy's ``linalg.%s`` (a registered operator over "
                      "``jax.numpy.linalg``: recorded by autograd)." % name)
        g[name] = fn


_build()
