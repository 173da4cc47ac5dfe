"""mx.recordio: .rec/.idx files are byte-compatible with MXNet 1.9.1 both ways (files
written by MXNet are read back; files written by mxjax equal MXNet's byte for byte),
including payloads holding the magic number; pack/unpack headers as MXNet."""
import os
import pickle

import numpy as np
import pytest

from mxjax import recordio
from mxjax.base import MXNetError
import golden_utils

G = golden_utils.load("image_io")
ROOT = os.path.join(golden_utils.GOLDEN_DIR, "recordio")
PAYLOADS = [G["payloads"]["p%d" % i].tobytes() for i in range(len(G["payloads"]))]


def _bytes(path):
    with open(path, "rb") as f:
        return f.read()


def test_reads_mxnet_written_plain_file():
    reader = recordio.MXRecordIO(os.path.join(ROOT, "plain.rec"), "r")
    got = []
    while True:
        rec = reader.read()
        if rec is None:
            break
        got.append(rec)
    assert got == PAYLOADS
    reader.reset()
    assert reader.read() == PAYLOADS[0]
    reader.close()


def test_reads_mxnet_written_indexed_file_by_key():
    reader = recordio.MXIndexedRecordIO(os.path.join(ROOT, "indexed.idx"),
                                        os.path.join(ROOT, "indexed.rec"), "r")
    assert reader.keys == [10 + i for i in range(len(PAYLOADS))]
    for i in reversed(range(len(PAYLOADS))):
        assert reader.read_idx(10 + i) == PAYLOADS[i]
    with pytest.raises(KeyError):
        reader.read_idx(3)


def test_written_files_equal_mxnet_bytes(tmp_path):
    writer = recordio.MXRecordIO(str(tmp_path / "plain.rec"), "w")
    for p in PAYLOADS:
        writer.write(p)
    writer.close()
    assert _bytes(tmp_path / "plain.rec") == _bytes(os.path.join(ROOT, "plain.rec"))
    writer = recordio.MXIndexedRecordIO(str(tmp_path / "i.idx"), str(tmp_path / "i.rec"), "w")
    for i, p in enumerate(PAYLOADS):
        writer.write_idx(10 + i, p)
    writer.close()
    assert _bytes(tmp_path / "i.rec") == _bytes(os.path.join(ROOT, "indexed.rec"))
    assert _bytes(tmp_path / "i.idx") == _bytes(os.path.join(ROOT, "indexed.idx"))


def test_pack_unpack_match_mxnet():
    header = recordio.IRHeader(0, [1.0, 2.5, -3.0], 8, 1)
    assert recordio.pack(header, b"xyz") == PAYLOADS[8]
    assert recordio.pack((0, 3.0, 7, 0), b"abc") == PAYLOADS[7]
    h, rest = recordio.unpack(PAYLOADS[8])
    expected = G["unpack"]
    assert h.flag == int(expected["flag"]) and h.id == int(expected["id"])
    assert h.id2 == int(expected["id2"])
    np.testing.assert_array_equal(h.label, expected["label"])
    assert rest == expected["rest"].tobytes()
    h, rest = recordio.unpack(PAYLOADS[7])
    assert (h.flag, h.label, h.id, rest) == (0, 3.0, 7, b"abc")


def test_pack_img_unpack_img_roundtrip_png():
    img = np.arange(5 * 6 * 3, dtype=np.uint8).reshape(5, 6, 3)
    s = recordio.pack_img((0, 2.0, 1, 0), img, quality=3, img_fmt=".png")
    header, decoded = recordio.unpack_img(s)
    assert header.label == 2.0
    np.testing.assert_array_equal(decoded, img)


def test_errors_and_pickling(tmp_path):
    with pytest.raises(MXNetError, match="does not exist"):
        recordio.MXRecordIO(str(tmp_path / "missing.rec"), "r")
    with pytest.raises(ValueError, match="Invalid flag"):
        recordio.MXRecordIO(str(tmp_path / "x.rec"), "a")
    (tmp_path / "bad.rec").write_bytes(b"\x00" * 12)
    with pytest.raises(MXNetError, match="magic"):
        recordio.MXRecordIO(str(tmp_path / "bad.rec"), "r").read()
    (tmp_path / "cut.rec").write_bytes(_bytes(os.path.join(ROOT, "plain.rec"))[:10])
    with pytest.raises(MXNetError, match="truncated"):
        recordio.MXRecordIO(str(tmp_path / "cut.rec"), "r").read()
    reader = recordio.MXRecordIO(os.path.join(ROOT, "plain.rec"), "r")
    reader.read()
    clone = pickle.loads(pickle.dumps(reader))
    assert clone.read() == PAYLOADS[0]
    with pytest.raises(MXNetError, match="reading"):
        clone.write(b"x")
