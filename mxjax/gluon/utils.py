"""``gluon.utils``: splitting batches over contexts, gradient clipping, file helpers,
as MXNet 1.9.1's. ``download`` only accepts files that are already present: mxjax
does not use the network."""
import hashlib
import os
import warnings

import numpy as np

from ..base import MXNetError
from .. import ndarray
from ._common import HookHandle, shape_is_known

__all__ = ["split_data", "split_and_load", "clip_global_norm", "check_sha1", "download",
           "replace_file", "shape_is_known", "HookHandle"]


class UtilsValueError(MXNetError, ValueError):
    """A bad argument (MXNet raises ValueError)."""


class UtilsAssertionError(MXNetError, AssertionError):
    """A failed check (MXNet asserts)."""


def split_data(data, num_slice, batch_axis=0, even_split=True):
    """Split ``data`` into ``num_slice`` slices along ``batch_axis``.

    Parameters
    ----------
    data : NDArray
    num_slice : int
    batch_axis : int, default 0
    even_split : bool, default True
        Require equal slices (else the first ones get one more).

    Returns
    -------
    list of NDArray
    """
    size = data.shape[batch_axis]
    if even_split and size % num_slice != 0:
        raise UtilsValueError(
            "data with shape %s cannot be evenly split into %d slices along axis %d. "
            "Use a batch size that's multiple of %d or set even_split=False to allow "
            "uneven partitioning of data." % (str(data.shape), num_slice, batch_axis,
                                              num_slice))
    n_each_section, extras = divmod(size, num_slice)
    section_sizes = [0] + (extras * [n_each_section + 1] +
                           (num_slice - extras) * [n_each_section])
    div_points = np.array(section_sizes).cumsum()
    if batch_axis != 0:
        return [ndarray.slice_axis(data, axis=batch_axis, begin=int(div_points[i]),
                                   end=int(div_points[i + 1])) for i in range(num_slice)]
    return [data[int(div_points[i]):int(div_points[i + 1])] if i < num_slice - 1
            else data[int(div_points[i]):size] for i in range(num_slice)]


def split_and_load(data, ctx_list, batch_axis=0, even_split=True):
    """Split ``data`` along ``batch_axis`` and put slice ``i`` on ``ctx_list[i]``.

    Parameters
    ----------
    data : NDArray or array-like
    ctx_list : list of Context
    batch_axis : int, default 0
    even_split : bool, default True

    Returns
    -------
    list of NDArray
    """
    if not isinstance(data, ndarray.NDArray):
        data = ndarray.array(data, ctx=ctx_list[0])
    if len(ctx_list) == 1:
        return [data.as_in_context(ctx_list[0])]
    slices = split_data(data, len(ctx_list), batch_axis, even_split)
    return [i.as_in_context(ctx) for i, ctx in zip(slices, ctx_list)]


def clip_global_norm(arrays, max_norm, check_isfinite=True):
    """Scale ``arrays`` in place so that their joint 2-norm is at most ``max_norm``.

    Parameters
    ----------
    arrays : list of NDArray
    max_norm : float
    check_isfinite : bool, default True
        Warn when the norm is nan or inf (and return it as a float).

    Returns
    -------
    float or NDArray
        The norm before clipping.
    """
    if not len(arrays) > 0:
        raise UtilsAssertionError("clip_global_norm needs at least one array")
    ctx = arrays[0].context

    def _norm(array):
        x = array.reshape((-1,))
        # MXNet's dot of two vectors has shape (1,)
        return ndarray.dot(x, x).reshape((1,))

    total_norm = ndarray.add_n(*[_norm(arr).as_in_context(ctx) for arr in arrays])
    total_norm = ndarray.sqrt(total_norm)
    if check_isfinite:
        if not np.isfinite(total_norm.asscalar()):
            warnings.warn(UserWarning("nan or inf is detected. Clipping results will be "
                                      "undefined."), stacklevel=2)
    scale = max_norm / (total_norm + 1e-8)
    scale = ndarray.min(ndarray.concat(scale, ndarray.ones(1, ctx=ctx), dim=0))
    for arr in arrays:
        arr *= scale.as_in_context(arr.context)
    if check_isfinite:
        return total_norm.asscalar()
    return total_norm


def check_sha1(filename, sha1_hash):
    """Whether the SHA-1 of the file's content is ``sha1_hash``.

    Parameters
    ----------
    filename : str
    sha1_hash : str
        Hex digest.

    Returns
    -------
    bool
    """
    sha1 = hashlib.sha1()
    with open(filename, "rb") as f:
        while True:
            data = f.read(1048576)
            if not data:
                break
            sha1.update(data)
    return sha1.hexdigest() == sha1_hash


def replace_file(src, dst):
    """Move ``src`` to ``dst`` (replacing it).

    Parameters
    ----------
    src, dst : str
    """
    try:
        os.replace(src, dst)
    except OSError:
        try:
            os.remove(src)
        except OSError:
            pass
        raise OSError("Moving downloaded temp file - {}, to {} failed. Please retry the "
                      "download.".format(src, dst)) from None


def download(url, path=None, overwrite=False, sha1_hash=None, retries=5, verify_ssl=True):
    """Return the local file for ``url``; mxjax never downloads.

    The file name is computed as MXNet does (``path``, or ``path/<last part of url>``,
    or the last part of the url). If it exists (and matches ``sha1_hash`` when given)
    and ``overwrite`` is False, its name is returned; otherwise an MXNetError explains
    that the file must be placed there by hand.

    Parameters
    ----------
    url : str
    path : str, optional
    overwrite : bool, default False
    sha1_hash : str, optional
    retries : int, default 5
    verify_ssl : bool, default True

    Returns
    -------
    str
        The file name.
    """
    if path is None:
        fname = url.split("/")[-1]
        if not fname:
            raise UtilsAssertionError("Can't construct file-name from this URL. Please set "
                                      "the `path` option manually.")
    else:
        path = os.path.expanduser(path)
        fname = os.path.join(path, url.split("/")[-1]) if os.path.isdir(path) else path
    if retries < 0:
        raise UtilsAssertionError("Number of retries should be at least 0, currently it's {}"
                                  .format(retries))
    if not verify_ssl:
        warnings.warn("Unverified HTTPS request is being made (verify_ssl=False). Adding "
                      "certificate verification is strongly advised.")
    if overwrite or not os.path.exists(fname) or \
            (sha1_hash and not check_sha1(fname, sha1_hash)):
        reason = "does not exist" if not os.path.exists(fname) else \
            ("is to be overwritten" if overwrite else "does not match the SHA-1 %s" % sha1_hash)
        raise MXNetError("download: mxjax does not access the network; the file %s %s. "
                         "Download %s yourself and place it there." % (fname, reason, url))
    return fname
