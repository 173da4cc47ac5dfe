"""Downloading and reading MXNet's example datasets: ``mx.test_utils.download``,
``get_mnist``, ``get_mnist_ubyte``, ``get_mnist_iterator``, ``get_cifar10`` (the helpers MXNet's
examples and tutorials import from ``mxnet.test_utils``). They fetch MXNet's own
URLs with urllib and cache the files as MXNet does (the current directory,
``data/``)."""
import gzip
import logging
import os
import time
import urllib.request
import zipfile

import numpy as np

from .io import MNISTIter

__all__ = ["download", "get_mnist", "get_mnist_ubyte", "get_mnist_iterator", "get_cifar10"]

# MXNet's hosting of MNIST (tests point these at local files)
MNIST_URL = "http://data.mxnet.io/data/mnist/"
MNIST_ZIP_URL = "http://data.mxnet.io/mxnet/data/mnist.zip"
CIFAR10_ZIP_URL = "http://data.mxnet.io/data/cifar10/cifar10.zip"


def download(url, fname=None, dirname=None, overwrite=False, retries=5):
    """Download ``url`` to a file (kept: not downloaded again unless ``overwrite``).

    Parameters
    ----------
    url : str
    fname : str, optional
        Default: the URL's last part.
    dirname : str, optional
        Directory of ``fname`` (made if missing).
    overwrite : bool, default False
    retries : int, default 5

    Returns
    -------
    str
        The file's path.
    """
    assert retries >= 0, "Number of retries should be at least 0"
    if fname is None:
        fname = url.split("/")[-1]
    if dirname is None:
        dirname = os.path.dirname(fname)
    else:
        fname = os.path.join(dirname, fname)
    if dirname:
        os.makedirs(dirname, exist_ok=True)
    if not overwrite and os.path.exists(fname):
        logging.info("%s exists, skipping download", fname)
        return fname
    for attempt in range(retries + 1):
        try:
            with urllib.request.urlopen(url) as response, open(fname + ".part", "wb") as f:
                while True:
                    chunk = response.read(1 << 20)
                    if not chunk:
                        break
                    f.write(chunk)
            os.replace(fname + ".part", fname)
            break
        except OSError:
            if attempt == retries:
                raise
            print("download failed, retrying, %d attempt%s left"
                  % (retries - attempt, "s" if retries - attempt > 1 else ""))
            time.sleep(min(2 ** attempt, 10))
    logging.info("downloaded %s into %s successfully", url, fname)
    return fname


def _read(label_url, image_url):
    with gzip.open(download(label_url), "rb") as f:
        f.read(8)
        label = np.frombuffer(f.read(), dtype=np.int8)
    with gzip.open(download(image_url), "rb") as f:
        header = np.frombuffer(f.read(16), dtype=">u4")
        image = np.frombuffer(f.read(), dtype=np.uint8).reshape(len(label), int(header[2]),
                                                               int(header[3]))
    return label, image.reshape(len(label), 1, 28, 28).astype(np.float32) / 255


def get_mnist():
    """MNIST as NumPy arrays (downloaded into the current directory once).

    Returns
    -------
    dict
        ``train_data`` / ``test_data``: float32 ``(n, 1, 28, 28)`` in [0, 1];
        ``train_label`` / ``test_label``: int8.
    """
    train_label, train_data = _read(MNIST_URL + "train-labels-idx1-ubyte.gz",
                                    MNIST_URL + "train-images-idx3-ubyte.gz")
    test_label, test_data = _read(MNIST_URL + "t10k-labels-idx1-ubyte.gz",
                                  MNIST_URL + "t10k-images-idx3-ubyte.gz")
    return {"train_data": train_data, "train_label": train_label,
            "test_data": test_data, "test_label": test_label}


_UBYTE = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
          "t10k-labels-idx1-ubyte")


def _zip_into_data(url, files):
    """Download and extract the zip archive ``url`` into ``data/`` unless every one of
    ``files`` (paths under ``data/``) is there."""
    os.makedirs("data", exist_ok=True)
    if not all(os.path.exists(os.path.join("data", n)) for n in files):
        with zipfile.ZipFile(download(url, dirname="data")) as zf:
            zf.extractall("data")


def get_mnist_ubyte():
    """Download MNIST's idx files into ``data/`` (from MXNet's zip archive) unless they
    are there."""
    _zip_into_data(MNIST_ZIP_URL, _UBYTE)


def get_cifar10():
    """Download CIFAR-10 as MXNet's RecordIO files (``data/cifar/train.rec``,
    ``test.rec`` and their ``.lst``) unless they are there."""
    _zip_into_data(CIFAR10_ZIP_URL, ["cifar/train.rec", "cifar/test.rec", "cifar/train.lst",
                                     "cifar/test.lst"])


def get_mnist_iterator(batch_size, input_shape, num_parts=1, part_index=0):
    """Training and validation :class:`~mxjax.io.MNISTIter` over ``data/`` (downloaded
    first); ``input_shape`` of length other than 3 gives flat images.

    Returns
    -------
    (MNISTIter, MNISTIter)
    """
    get_mnist_ubyte()
    flat = len(input_shape) != 3
    train = MNISTIter(image="data/train-images-idx3-ubyte", label="data/train-labels-idx1-ubyte",
                      input_shape=input_shape, batch_size=batch_size, shuffle=True, flat=flat,
                      num_parts=num_parts, part_index=part_index)
    val = MNISTIter(image="data/t10k-images-idx3-ubyte", label="data/t10k-labels-idx1-ubyte",
                    input_shape=input_shape, batch_size=batch_size, flat=flat,
                    num_parts=num_parts, part_index=part_index)
    return train, val
