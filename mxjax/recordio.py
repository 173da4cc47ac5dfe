"""``mx.recordio``: read and write MXNet's RecordIO files (``.rec``, with a ``.idx`` index).

The format is dmlc-core's, byte for byte: each record is a little-endian ``uint32`` magic
``0xced7230a``, a ``uint32`` whose low 29 bits are the payload length and top 3 bits a
continuation flag, then the payload zero-padded to a multiple of 4 bytes. A payload that
contains the magic at a 4-byte-aligned offset is written as several parts split there
(flags 1 = first, 2 = middle, 3 = last; 0 = a whole record), and the reader joins them with
the magic again. The index file has one ``key<TAB>byte offset`` line per record.

``pack``/``unpack`` add MXNet's image-record header (``IRHeader``: flag, label, id, id2);
``pack_img``/``unpack_img`` also encode/decode the image (OpenCV or Pillow, see
:mod:`mxjax.image`).
"""
import numbers
import os
import struct
import threading
from collections import namedtuple
from multiprocessing import current_process

import numpy as np

from .base import MXNetError

__all__ = ["MXRecordIO", "MXIndexedRecordIO", "IRHeader", "pack", "unpack", "pack_img",
           "unpack_img"]

_MAGIC = 0xced7230a
_MAGIC_BYTES = struct.pack("<I", _MAGIC)
_LEN_MASK = (1 << 29) - 1


def _write_record(f, buf):
    """Append one record holding ``buf`` to the open binary file ``f``."""
    length = len(buf)
    start = 0
    # split where the magic occurs at an aligned offset, as dmlc-core's writer does
    for i in range(0, length - length % 4, 4):
        if buf[i:i + 4] == _MAGIC_BYTES:
            f.write(struct.pack("<II", _MAGIC, ((1 if start == 0 else 2) << 29) | (i - start)))
            f.write(buf[start:i])
            start = i + 4
    f.write(struct.pack("<II", _MAGIC, ((3 if start else 0) << 29) | (length - start)))
    f.write(buf[start:])
    f.write(b"\x00" * ((4 - length % 4) % 4))


def _read_record(f, uri):
    """The next (possibly multi-part) record of the open binary file ``f``, or None at
    the end of the file."""
    parts = []
    while True:
        head = f.read(8)
        if len(head) < 8:
            if parts or head:
                raise MXNetError("MXRecordIO: %s ends inside a record (truncated file)" % uri)
            return None
        magic, lrec = struct.unpack("<II", head)
        if magic != _MAGIC:
            raise MXNetError("MXRecordIO: invalid magic number 0x%08x at byte %d of %s (not "
                             "a RecordIO file, or a wrong offset)" % (magic, f.tell() - 8, uri))
        cflag, length = lrec >> 29, lrec & _LEN_MASK
        data = f.read(length)
        if len(data) < length:
            raise MXNetError("MXRecordIO: %s ends inside a record (truncated file)" % uri)
        f.read((4 - length % 4) % 4)
        parts.append(data)
        if cflag in (0, 3):
            return _MAGIC_BYTES.join(parts)


class MXRecordIO:
    """Sequential reader or writer of a RecordIO file.

    Parameters
    ----------
    uri : str
        Path of the record file.
    flag : str
        ``'w'`` to write, ``'r'`` to read.
    """

    def __init__(self, uri, flag):
        self.uri = uri
        self.flag = flag
        self.pid = None
        self.is_open = False
        self.writable = None
        self._file = None
        self.open()

    def open(self):
        """Open the file (again), at its beginning."""
        if self.flag == "w":
            self._file = open(self.uri, "wb")
            self.writable = True
        elif self.flag == "r":
            if not os.path.isfile(self.uri):
                raise MXNetError("MXRecordIO: record file %s does not exist" % self.uri)
            self._file = open(self.uri, "rb")
            self.writable = False
        else:
            raise ValueError("Invalid flag %s" % self.flag)
        self.pid = current_process().pid
        self.is_open = True

    def __del__(self):
        try:
            self.close()
        except Exception:  # pragma: no cover - interpreter shutdown
            pass

    def __getstate__(self):
        is_open = self.is_open
        self.close()
        state = dict(self.__dict__)
        state["is_open"] = is_open
        state["_file"] = None
        return state

    def __setstate__(self, state):
        self.__dict__ = state
        is_open = state["is_open"]
        self.is_open = False
        if is_open:
            self.open()

    def _check_pid(self, allow_reset=False):
        if self.pid != current_process().pid:
            if allow_reset:
                self.reset()
            else:
                raise RuntimeError("Forbidden operation in multiple processes")

    def close(self):
        """Close the file."""
        if not self.is_open:
            return
        self._file.close()
        self._file = None
        self.is_open = False
        self.pid = None

    def reset(self):
        """Close and reopen the file (a reader starts again from the first record)."""
        self.close()
        self.open()

    def write(self, buf):
        """Append a record.

        Parameters
        ----------
        buf : bytes
            The record's payload.
        """
        if not self.writable:
            raise MXNetError("MXRecordIO.write: %s is open for reading" % self.uri)
        self._check_pid(allow_reset=False)
        _write_record(self._file, bytes(buf))

    def read(self):
        """The next record's payload, or None after the last one.

        Returns
        -------
        bytes or None
        """
        if self.writable:
            raise MXNetError("MXRecordIO.read: %s is open for writing" % self.uri)
        self._check_pid(allow_reset=False)
        return _read_record(self._file, self.uri)


class MXIndexedRecordIO(MXRecordIO):
    """RecordIO file with an index (``.idx``) for random access by key.

    Parameters
    ----------
    idx_path : str
        Path of the index file.
    uri : str
        Path of the record file.
    flag : str
        ``'w'`` to write, ``'r'`` to read.
    key_type : type, default int
        Type of the keys.
    """

    def __init__(self, idx_path, uri, flag, key_type=int):
        self.idx_path = idx_path
        self.idx = {}
        self.keys = []
        self.key_type = key_type
        self.fidx = None
        self._lock = threading.Lock()  # seek + read of one record, from several threads
        super().__init__(uri, flag)

    def open(self):
        if self.flag == "r" and not os.path.isfile(self.idx_path):
            raise MXNetError("MXIndexedRecordIO: index file %s does not exist"
                             % self.idx_path)
        super().open()
        self.idx = {}
        self.keys = []
        self.fidx = open(self.idx_path, self.flag)
        if not self.writable:
            for line in self.fidx:
                fields = line.strip().split("\t")
                if len(fields) < 2:
                    continue
                key = self.key_type(fields[0])
                self.idx[key] = int(fields[1])
                self.keys.append(key)

    def close(self):
        if not self.is_open:
            return
        super().close()
        self.fidx.close()

    def __getstate__(self):
        state = super().__getstate__()
        state["fidx"] = None
        del state["_lock"]
        return state

    def __setstate__(self, state):
        state["_lock"] = threading.Lock()
        super().__setstate__(state)

    def seek(self, idx):
        """Position the reader at the record of key ``idx``."""
        if self.writable:
            raise MXNetError("MXIndexedRecordIO.seek: %s is open for writing" % self.uri)
        self._check_pid(allow_reset=True)
        if idx not in self.idx:
            raise KeyError(idx)
        self._file.seek(self.idx[idx])

    def tell(self):
        """The byte offset where the next record will be written."""
        if not self.writable:
            raise MXNetError("MXIndexedRecordIO.tell: %s is open for reading" % self.uri)
        return self._file.tell()

    def read_idx(self, idx):
        """The payload of the record of key ``idx``."""
        with self._lock:
            self.seek(idx)
            return self.read()

    def write_idx(self, idx, buf):
        """Append a record under key ``idx`` (and its line in the index)."""
        key = self.key_type(idx)
        pos = self.tell()
        self.write(buf)
        self.fidx.write("%s\t%d\n" % (str(key), pos))
        self.idx[key] = pos
        self.keys.append(key)


IRHeader = namedtuple("HEADER", ["flag", "label", "id", "id2"])
IRHeader.__doc__ = """Header of an image record: ``flag`` (number of float labels, 0 for a
single scalar label), ``label`` (float or array of float32), ``id`` and ``id2`` (uint64)."""

_IR_FORMAT = "IfQQ"
_IR_SIZE = struct.calcsize(_IR_FORMAT)


def pack(header, s):
    """Prefix ``s`` with the image-record header ``header``.

    A non-scalar label is stored as float32 values after the header, with their count in
    ``flag``.

    Parameters
    ----------
    header : IRHeader or tuple
    s : bytes

    Returns
    -------
    bytes
    """
    header = IRHeader(*header)
    if isinstance(header.label, numbers.Number):
        header = header._replace(flag=0)
    else:
        label = np.asarray(header.label, dtype=np.float32)
        header = header._replace(flag=label.size, label=0)
        s = label.tobytes() + s
    return struct.pack(_IR_FORMAT, *header) + s


def unpack(s):
    """Split a record into its image-record header and payload.

    Returns
    -------
    (IRHeader, bytes)
    """
    if len(s) < _IR_SIZE:
        raise MXNetError("recordio.unpack: a record of %d bytes is shorter than the %d-byte "
                         "header" % (len(s), _IR_SIZE))
    header = IRHeader(*struct.unpack(_IR_FORMAT, s[:_IR_SIZE]))
    s = s[_IR_SIZE:]
    if header.flag > 0:
        header = header._replace(label=np.frombuffer(s, np.float32, header.flag))
        s = s[header.flag * 4:]
    return header, s


def unpack_img(s, iscolor=-1):
    """Split a record into its header and its decoded image (``HWC`` uint8 NumPy array, BGR
    channel order as OpenCV's ``imdecode``).

    Parameters
    ----------
    s : bytes
    iscolor : int, default -1
        -1: as stored, 0: grayscale, 1: colour.
    """
    from .image import image
    header, s = unpack(s)
    return header, image._decode_bgr(s, iscolor)


def pack_img(header, img, quality=95, img_fmt=".jpg"):
    """Encode ``img`` (``HWC`` uint8 NumPy array in BGR order, as OpenCV) and pack it with
    ``header``.

    Parameters
    ----------
    header : IRHeader or tuple
    img : numpy.ndarray
    quality : int, default 95
        JPEG quality (1-100) or PNG compression level (0-9).
    img_fmt : str, default '.jpg'
        ``'.jpg'`` or ``'.png'``.
    """
    from .image import image
    return pack(header, image._encode_bgr(img, quality, img_fmt))
