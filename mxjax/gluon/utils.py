"""``gluon.utils``: splitting batches over contexts, gradient clipping, file helpers,
as MXNet 1.9.1's. ``download`` fetches with ``requests`` (or ``urllib``) and raises a
DownloadError (an MXNetError) when it cannot."""
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
        if array.stype != "default":  # sparse arrays do not reshape (MXNet: norm())
            array = array.tostype("default")
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


class DownloadError(MXNetError):
    """A download that failed (network unreachable, HTTP error, bad content hash)."""


def _fetch(url, verify_ssl):
    """An iterator over the content of ``url`` in chunks.

    Uses ``requests`` when it is installed (as MXNet does), else the standard library.
    """
    try:
        import requests
    except ImportError:
        requests = None
    if requests is not None:
        response = requests.get(url, stream=True, verify=verify_ssl)
        if response.status_code != 200:
            raise DownloadError("Failed downloading url %s (HTTP status %s)"
                                % (url, response.status_code))
        return response.iter_content(chunk_size=1024)
    import ssl
    import urllib.request
    context = None if verify_ssl else ssl._create_unverified_context()
    response = urllib.request.urlopen(url, context=context)  # raises on HTTP errors

    def chunks():
        with response:
            while True:
                chunk = response.read(1024)
                if not chunk:
                    return
                yield chunk
    return chunks()


def _target_name(url, path):
    if path is None:
        fname = url.split("/")[-1]
        if not fname:
            raise UtilsAssertionError("Can't construct file-name from this URL. Please set "
                                      "the `path` option manually.")
        return fname
    path = os.path.expanduser(path)
    return os.path.join(path, url.split("/")[-1]) if os.path.isdir(path) else path


def download(url, path=None, overwrite=False, sha1_hash=None, retries=5, verify_ssl=True):
    """Download ``url`` to a file, as MXNet 1.9.1's ``gluon.utils.download``.

    The file name is ``path``, or ``path/<last part of url>`` when ``path`` is a folder,
    or the last part of the url.  An existing file (matching ``sha1_hash`` when given) is
    kept unless ``overwrite``.  Otherwise the content goes to a uniquely named temporary
    file beside the target, which then replaces it (so concurrent downloads of the same
    file leave one complete file; a download finding the file already completed by
    another process deletes its copy).  ``overwrite=True`` replaces an existing file, as
    documented (MXNet 1.9.1's code downloads and then keeps the old file).  Each failure is retried ``retries`` times; then a
    :class:`DownloadError` (an MXNetError) names the url, the file and the last error,
    e.g. when the network is unreachable.  Uses ``requests`` when installed, else
    ``urllib``.

    Parameters
    ----------
    url : str
    path : str, optional
    overwrite : bool, default False
    sha1_hash : str, optional
        Expected SHA-1 hex digest of the content.
    retries : int, default 5
    verify_ssl : bool, default True

    Returns
    -------
    str
        The file name.
    """
    import uuid
    fname = _target_name(url, path)
    if retries < 0:
        raise UtilsAssertionError("Number of retries should be at least 0, currently it's {}"
                                  .format(retries))
    if not verify_ssl:
        warnings.warn("Unverified HTTPS request is being made (verify_ssl=False). Adding "
                      "certificate verification is strongly advised.")
    if not (overwrite or not os.path.exists(fname) or
            (sha1_hash and not check_sha1(fname, sha1_hash))):
        return fname
    dirname = os.path.dirname(os.path.abspath(os.path.expanduser(fname)))
    os.makedirs(dirname, exist_ok=True)
    attempts = retries + 1
    while attempts > 0:
        temp = "{}.{}".format(fname, uuid.uuid4())
        try:
            print("Downloading {} from {}...".format(fname, url))
            with open(temp, "wb") as f:
                for chunk in _fetch(url, verify_ssl):
                    if chunk:
                        f.write(chunk)
            if overwrite or not os.path.exists(fname) or \
                    (sha1_hash and not check_sha1(fname, sha1_hash)):
                replace_file(temp, fname)
            else:  # another process finished the same download first
                os.remove(temp)
                warnings.warn("File {} exists in file system so the downloaded file is "
                              "deleted".format(fname))
            if sha1_hash and not check_sha1(fname, sha1_hash):
                raise DownloadError("File {} is downloaded but the content hash does not "
                                    "match. The repo may be outdated or download may be "
                                    "incomplete. If the \"repo_url\" is overridden, consider "
                                    "switching to the default repo.".format(fname))
            return fname
        except Exception as e:  # noqa: BLE001 - any failure is retried, then reported
            if os.path.exists(temp):
                os.remove(temp)
            attempts -= 1
            if attempts <= 0:
                raise DownloadError("download: could not download {} to {} ({} attempt{}): "
                                    "{}: {}".format(url, fname, retries + 1,
                                                    "s" if retries else "",
                                                    type(e).__name__, e)) from e
            print("download failed due to {}, retrying, {} attempt{} left"
                  .format(repr(e), attempts, "s" if attempts > 1 else ""))
    return fname


def _get_repo_url():
    """The base URL of the Gluon dataset and model repository (``$MXNET_GLUON_REPO``)."""
    repo_url = os.environ.get("MXNET_GLUON_REPO",
                              "https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/")
    return repo_url if repo_url.endswith("/") else repo_url + "/"


def _get_repo_file_url(namespace, filename):
    """The URL of ``filename`` under ``namespace`` in the Gluon repository."""
    return "{}{}/{}".format(_get_repo_url(), namespace, filename)
