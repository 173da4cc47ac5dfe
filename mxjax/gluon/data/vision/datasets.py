"""MNIST, FashionMNIST, CIFAR10 and CIFAR100 from their standard files in a local root.

mxjax never downloads: the files must already be in ``root`` (compressed with gzip
or not), else a clear MXNetError says which file is missing.

* MNIST/FashionMNIST: ``train-images-idx3-ubyte(.gz)``, ``train-labels-idx1-ubyte(.gz)``,
  ``t10k-images-idx3-ubyte(.gz)``, ``t10k-labels-idx1-ubyte(.gz)`` (IDX format);
* CIFAR10: ``data_batch_1.bin`` ... ``data_batch_5.bin``, ``test_batch.bin`` (binary
  version; or the ``cifar-10-binary.tar.gz`` archive, extracted on first use);
* CIFAR100: ``train.bin``, ``test.bin`` (or ``cifar-100-binary.tar.gz``).

A sample is ``(image, label)``: an ``HWC`` uint8 NDArray and an int32 label.
"""
import gzip
import os
import struct
import tarfile
import warnings

import numpy as np

from ....base import MXNetError
from .... import ndarray as nd
from .. import dataset
from .... import image, recordio

__all__ = ["MNIST", "FashionMNIST", "CIFAR10", "CIFAR100", "ImageRecordDataset",
           "ImageFolderDataset"]


def _data_dir():
    return os.getenv("MXNET_HOME", os.path.join("~", ".mxnet"))


def _find(root, name, what):
    """The path of ``name`` (or ``name`` without/with ``.gz``) under ``root``."""
    candidates = [name]
    candidates.append(name[:-3] if name.endswith(".gz") else name + ".gz")
    for cand in candidates:
        path = os.path.join(root, cand)
        if os.path.isfile(path):
            return path
    raise MXNetError("%s: file %s (or %s) not found in %s. mxjax does not download "
                     "datasets: place the file there first."
                     % (what, candidates[0], candidates[1], root))


def _open(path):
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")


def _read_idx(path, what):
    """An IDX file (the MNIST format) as a NumPy array."""
    with _open(path) as fin:
        head = fin.read(4)
        if len(head) < 4 or head[0] != 0 or head[1] != 0:
            raise MXNetError("%s: %s is not an IDX file" % (what, path))
        dtype = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4",
                 0x0E: ">f8"}.get(head[2])
        if dtype is None:
            raise MXNetError("%s: %s has an unknown IDX type code 0x%02x" % (what, path,
                                                                              head[2]))
        ndim = head[3]
        shape = struct.unpack(">" + "I" * ndim, fin.read(4 * ndim))
        data = np.frombuffer(fin.read(), dtype=dtype)
    if data.size != int(np.prod(shape)):
        raise MXNetError("%s: %s holds %d values but its header says shape %s"
                         % (what, path, data.size, shape))
    return data.reshape(shape)


class MNIST(dataset._DownloadedDataset):
    """MNIST handwritten digits: 28x28x1 uint8 images, int32 labels.

    Parameters
    ----------
    root : str, default ``$MXNET_HOME/datasets/mnist``
        The directory holding the IDX files.
    train : bool, default True
        The training set (else the test set).
    transform : callable, optional
        ``transform(data, label)`` applied to every sample.
    """

    def __init__(self, root=os.path.join(_data_dir(), "datasets", "mnist"), train=True,
                 transform=None):
        self._train = train
        self._train_data = ("train-images-idx3-ubyte.gz", "")
        self._train_label = ("train-labels-idx1-ubyte.gz", "")
        self._test_data = ("t10k-images-idx3-ubyte.gz", "")
        self._test_label = ("t10k-labels-idx1-ubyte.gz", "")
        self._namespace = "mnist"
        super().__init__(root, transform)

    def _get_data(self):
        if self._train:
            data, label = self._train_data, self._train_label
        else:
            data, label = self._test_data, self._test_label
        what = type(self).__name__
        label = _read_idx(_find(self._root, label[0], what), what).astype(np.int32)
        images = _read_idx(_find(self._root, data[0], what), what)
        if images.shape[0] != len(label):
            raise MXNetError("%s: %d images but %d labels" % (what, images.shape[0],
                                                                len(label)))
        images = images.reshape(len(label), 28, 28, 1) if images.ndim == 3 else images
        self._data = nd.array(images, dtype=images.dtype)
        self._label = label


class FashionMNIST(MNIST):
    """Fashion-MNIST: 28x28x1 uint8 images of clothing, int32 labels.

    Parameters
    ----------
    root : str, default ``$MXNET_HOME/datasets/fashion-mnist``
    train : bool, default True
    transform : callable, optional
    """

    def __init__(self, root=os.path.join(_data_dir(), "datasets", "fashion-mnist"),
                 train=True, transform=None):
        self._train = train
        self._train_data = ("train-images-idx3-ubyte.gz", "")
        self._train_label = ("train-labels-idx1-ubyte.gz", "")
        self._test_data = ("t10k-images-idx3-ubyte.gz", "")
        self._test_label = ("t10k-labels-idx1-ubyte.gz", "")
        self._namespace = "fashion-mnist"
        dataset._DownloadedDataset.__init__(self, root, transform)


class CIFAR10(dataset._DownloadedDataset):
    """CIFAR-10: 32x32x3 uint8 images, int32 labels (binary version files).

    Parameters
    ----------
    root : str, default ``$MXNET_HOME/datasets/cifar10``
    train : bool, default True
    transform : callable, optional
    """

    def __init__(self, root=os.path.join(_data_dir(), "datasets", "cifar10"), train=True,
                 transform=None):
        self._train = train
        self._archive_file = ("cifar-10-binary.tar.gz", "")
        self._train_data = [("data_batch_%d.bin" % i, "") for i in range(1, 6)]
        self._test_data = [("test_batch.bin", "")]
        self._namespace = "cifar10"
        self._label_bytes = 1
        super().__init__(root, transform)

    def _read_batch(self, filename):
        with open(filename, "rb") as fin:
            data = np.frombuffer(fin.read(), dtype=np.uint8)
        rec = 3072 + self._label_bytes
        if data.size % rec:
            raise MXNetError("%s: %s is not a CIFAR binary batch file (size %d is not a "
                             "multiple of %d)" % (type(self).__name__, filename, data.size,
                                                  rec))
        data = data.reshape(-1, rec)
        return (data[:, self._label_bytes:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1),
                data[:, self._label_column()].astype(np.int32))

    def _label_column(self):
        return 0

    def _locate(self, name):
        """The path of a batch file, extracting it from the archive when needed."""
        path = os.path.join(self._root, name)
        if os.path.isfile(path):
            return path
        for dirpath, _, files in os.walk(self._root):
            if name in files:
                return os.path.join(dirpath, name)
        archive = os.path.join(self._root, self._archive_file[0])
        if os.path.isfile(archive):
            with tarfile.open(archive) as tar:
                tar.extractall(self._root, filter="data")
            for dirpath, _, files in os.walk(self._root):
                if name in files:
                    return os.path.join(dirpath, name)
        raise MXNetError("%s: file %s not found in %s (nor the archive %s). mxjax does not "
                         "download datasets: place the files there first."
                         % (type(self).__name__, name, self._root, self._archive_file[0]))

    def _get_data(self):
        files = self._train_data if self._train else self._test_data
        data, label = zip(*(self._read_batch(self._locate(name)) for name, _ in files))
        data = np.concatenate(data)
        label = np.concatenate(label)
        self._data = nd.array(data, dtype=data.dtype)
        self._label = label


class CIFAR100(CIFAR10):
    """CIFAR-100: 32x32x3 uint8 images, int32 coarse (default) or fine labels.

    Parameters
    ----------
    root : str, default ``$MXNET_HOME/datasets/cifar100``
    fine_label : bool, default False
        The 100 fine classes (else the 20 coarse ones).
    train : bool, default True
    transform : callable, optional
    """

    def __init__(self, root=os.path.join(_data_dir(), "datasets", "cifar100"),
                 fine_label=False, train=True, transform=None):
        self._train = train
        self._archive_file = ("cifar-100-binary.tar.gz", "")
        self._train_data = [("train.bin", "")]
        self._test_data = [("test.bin", "")]
        self._fine_label = fine_label
        self._namespace = "cifar100"
        self._label_bytes = 2
        dataset._DownloadedDataset.__init__(self, root, transform)

    def _label_column(self):
        return 0 + self._fine_label


class ImageRecordDataset(dataset.RecordFileDataset):
    """Images (and labels) packed in a RecordIO file (``.rec`` with its ``.idx``), e.g.
    written by MXNet's ``im2rec`` or :func:`mxjax.recordio.pack_img`.

    Parameters
    ----------
    filename : str
        Path of the ``.rec`` file.
    flag : int, default 1
        1: decode as colour (3 channels), 0: grayscale.
    transform : callable, optional
        ``transform(image, label)`` applied to every sample.
    """

    def __init__(self, filename, flag=1, transform=None):
        super().__init__(filename)
        self._flag = flag
        self._transform = transform

    def __getitem__(self, idx):
        header, img = recordio.unpack(super().__getitem__(idx))
        img = image.imdecode(img, self._flag)
        if self._transform is not None:
            return self._transform(img, header.label)
        return img, header.label


class ImageFolderDataset(dataset.Dataset):
    """Images in ``root/<class name>/<file>.jpg|.jpeg|.png``; the label is the index of
    the class folder in sorted order.

    Parameters
    ----------
    root : str
        The root folder.
    flag : int, default 1
        1: decode as colour (3 channels), 0: grayscale.
    transform : callable, optional
        ``transform(image, label)`` applied to every sample.

    Attributes
    ----------
    synsets : list of str
        The class names (folder names).
    items : list of (str, int)
        Every image's path and label.
    """

    def __init__(self, root, flag=1, transform=None):
        self._root = os.path.expanduser(root)
        if not os.path.isdir(self._root):
            raise MXNetError("ImageFolderDataset: root %s is not a directory" % self._root)
        self._flag = flag
        self._transform = transform
        self._exts = [".jpg", ".jpeg", ".png"]
        self._list_images(self._root)

    def _list_images(self, root):
        self.synsets = []
        self.items = []
        for folder in sorted(os.listdir(root)):
            path = os.path.join(root, folder)
            if not os.path.isdir(path):
                warnings.warn("Ignoring %s, which is not a directory." % path, stacklevel=3)
                continue
            label = len(self.synsets)
            self.synsets.append(folder)
            for filename in sorted(os.listdir(path)):
                filename = os.path.join(path, filename)
                ext = os.path.splitext(filename)[1]
                if ext.lower() not in self._exts:
                    warnings.warn("Ignoring %s of type %s. Only support %s"
                                  % (filename, ext, ", ".join(self._exts)))
                    continue
                self.items.append((filename, label))

    def __getitem__(self, idx):
        img = image.imread(self.items[idx][0], self._flag)
        label = self.items[idx][1]
        if self._transform is not None:
            return self._transform(img, label)
        return img, label

    def __len__(self):
        return len(self.items)

