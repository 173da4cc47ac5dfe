"""nd.save / nd.load / nd.load_frombuffer against files written by real MXNet 1.9.1.

Fixtures: tests/golden/serialization/*.nd|*.params and expected.npz, written by
``~/.mxref/bin/python tools/golden/serialization.py``; from_mxjax/ holds files mxjax
wrote that real MXNet loaded and re-saved byte for byte
(``tools/check_serialization_roundtrip.py``).
"""
import glob
import os
import struct
import sys

import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
import golden_utils

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLD = os.path.join(golden_utils.GOLDEN_DIR, "serialization")
EXPECTED = golden_utils.load("serialization/expected")
sys.path.insert(0, os.path.join(ROOT, "tools"))
import check_serialization_roundtrip as roundtrip  # noqa: E402


def _values(loaded):
    return list(loaded.values()) if isinstance(loaded, dict) else loaded


def _check_against_golden(case, loaded):
    exp = EXPECTED[case]
    assert ("dict" if isinstance(loaded, dict) else "list") == str(exp["kind"])
    if isinstance(loaded, dict):
        assert list(loaded) == [str(n) for n in exp["names"]]
    values = _values(loaded)
    indices = sorted(int(k) for k in exp if k.isdigit())
    assert len(values) == len(indices)
    for i, v in zip(indices, values):
        assert isinstance(v, mx.nd.NDArray)
        want = exp[str(i)]
        got = v.asnumpy()
        assert got.shape == want.shape, (case, i)
        assert got.dtype == want.dtype, (case, i)
        assert np.array_equal(got, want, equal_nan=want.dtype.kind == "f"), (case, i)
        assert v.context == mx.cpu(0)


def _semantics(case):
    """The shape semantics MXNet saved ``case`` under (it loads only under them)."""
    return mx.util.np_shape(case == "np_shape.nd")


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_load_mxnet_files(case):
    with _semantics(case):
        _check_against_golden(case, mx.nd.load(os.path.join(GOLD, case)))


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_load_frombuffer_mxnet_files(case):
    with open(os.path.join(GOLD, case), "rb") as f, _semantics(case):
        _check_against_golden(case, mx.nd.load_frombuffer(f.read()))


def test_shape_semantics_must_match_as_in_mxnet(tmp_path):
    # MXNet: a file saved under NumPy shape semantics loads only under them, and a
    # legacy file not under thread-local NumPy shape semantics
    with pytest.raises(mx.base.MXNetError, match="saved in np shape semantics"):
        mx.nd.load(os.path.join(GOLD, "np_shape.nd"))
    legacy = str(tmp_path / "legacy")
    mx.nd.save(legacy, [mx.nd.ones((2,))])
    with mx.util.np_shape(True):
        with pytest.raises(mx.base.MXNetError, match="not saved in np shape semantics"):
            mx.nd.load(legacy)
        mx.nd.save(str(tmp_path / "np"), [mx.nd.ones((2,))])   # written as V3 records
    with open(str(tmp_path / "np"), "rb") as f:
        assert struct.unpack_from("<I", f.read(), 24)[0] == 0xF993FACA


@pytest.mark.parametrize("case", sorted(c for c in EXPECTED if EXPECTED[c]["byte_identical"]))
def test_resave_gives_mxnet_bytes(case, tmp_path):
    """Saving what we loaded writes exactly the bytes MXNet wrote."""
    path = os.path.join(GOLD, case)
    out = str(tmp_path / "again")
    with _semantics(case):
        mx.nd.save(out, mx.nd.load(path))
    with open(out, "rb") as f1, open(path, "rb") as f2:
        assert f1.read() == f2.read()


def test_golden_fixture_coverage():
    dtypes = {EXPECTED["dtypes.nd"][k].dtype.name for k in EXPECTED["dtypes.nd"]
              if k.isdigit()}
    assert dtypes == {"float16", "float32", "float64", "uint8", "int8", "int32", "int64",
                      "bool"}
    assert EXPECTED["np_shape.nd"]["0"].shape == ()
    assert sorted(os.path.basename(p) for p in glob.glob(os.path.join(GOLD, "*.*"))
                  if not p.endswith(".npz")) == sorted(EXPECTED)


def test_sparse_files_load_dense():
    csr, rsp, rsp2 = mx.nd.load(os.path.join(GOLD, "sparse.nd"))
    assert csr.stype == "default"
    np.testing.assert_array_equal(csr.asnumpy(), [[0, 1, 0], [2, 0, 3]])
    np.testing.assert_array_equal(rsp.asnumpy(), [[0, 0, 0], [1, 2, 3], [0, 0, 0]])
    np.testing.assert_array_equal(rsp2.asnumpy(), [[0, 0], [4, 5], [0, 0], [6, 0]])


# --- mxjax-written files that real MXNet verified -----------------------------------------

MXJAX_DIR = roundtrip.DEFAULT_DIR
CASES = roundtrip.build_cases()


@pytest.mark.parametrize("fname", sorted(CASES))
def test_mxjax_writes_mxnet_verified_bytes(fname, tmp_path):
    data, _ = CASES[fname]
    out = str(tmp_path / fname)
    mx.nd.save(out, data)
    with open(out, "rb") as f1, open(os.path.join(MXJAX_DIR, fname), "rb") as f2:
        assert f1.read() == f2.read()


def test_roundtrip_values_and_types(tmp_path):
    data, _ = CASES["names.params"]
    out = str(tmp_path / "x.params")
    mx.nd.save(out, data)
    back = mx.nd.load(out)
    assert list(back) == list(data)
    for k in data:
        assert back[k].dtype == data[k].dtype
        np.testing.assert_array_equal(back[k].asnumpy(), data[k].asnumpy())


def test_bfloat16_roundtrip(tmp_path):
    (a,), _ = CASES["bfloat16.nd"]
    out = str(tmp_path / "bf")
    mx.nd.save(out, a)
    (b,) = mx.nd.load(out)
    assert np.dtype(b.dtype).name == "bfloat16"
    np.testing.assert_array_equal(b.asnumpy().view(np.uint16), a.asnumpy().view(np.uint16))


def test_zero_d_uses_v3_records(tmp_path):
    out = str(tmp_path / "s")
    mx.nd.save(out, [mx.nd.array(np.array(1.0)), mx.nd.ones((2,))])
    with open(out, "rb") as f:
        raw = f.read()
    magics = [struct.unpack_from("<I", raw, 24)[0]]
    assert magics == [0xF993FACA] and raw.count(struct.pack("<I", 0xF993FACA)) == 2
    with mx.util.np_shape(True):
        back = mx.nd.load(out)
    assert back[0].shape == () and back[1].shape == (2,)
    mx.nd.save(out, [mx.nd.ones((2,))])
    with open(out, "rb") as f:
        assert struct.unpack_from("<I", f.read(), 24)[0] == 0xF993FAC9


# --- argument errors (as MXNet's Python layer raises them) --------------------------------

def test_save_argument_errors(tmp_path):
    out = str(tmp_path / "x")
    with pytest.raises(TypeError, match="save only accept"):
        mx.nd.save(out, [mx.nd.ones(1), 3])
    with pytest.raises(TypeError, match="save only accept"):
        mx.nd.save(out, {1: mx.nd.ones(1)})
    with pytest.raises(TypeError, match="save only accept"):
        mx.nd.save(out, {"a": np.ones(1)})
    with pytest.raises(ValueError, match="data needs to either be"):
        mx.nd.save(out, (mx.nd.ones(1),))
    with pytest.raises(TypeError, match="fname required to be a string"):
        mx.nd.load(3)
    with pytest.raises(TypeError, match="buf required to be a string or bytes"):
        mx.nd.load_frombuffer(3)
    assert not os.path.exists(out)


def test_save_unsupported_dtype_leaves_no_file(tmp_path):
    out = tmp_path / "x.params"
    out.write_bytes(b"old contents")
    with pytest.raises(MXNetError, match="int16"):
        mx.nd.save(str(out), {"a": mx.nd.ones(1), "b": mx.nd.ones(2, dtype="int16")})
    assert out.read_bytes() == b"old contents"
    assert os.listdir(tmp_path) == ["x.params"]


def test_save_failure_during_write_leaves_no_partial_file(tmp_path, monkeypatch):
    out = tmp_path / "x.params"
    out.write_bytes(b"old contents")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(MXNetError, match="x.params"):
        mx.nd.save(str(out), [mx.nd.ones(3)])
    assert out.read_bytes() == b"old contents"
    assert os.listdir(tmp_path) == ["x.params"]


def test_save_missing_directory(tmp_path):
    with pytest.raises(MXNetError, match="no_such_dir"):
        mx.nd.save(str(tmp_path / "no_such_dir" / "x"), [mx.nd.ones(1)])


# --- bad files -----------------------------------------------------------------------------

def test_load_missing_file(tmp_path):
    with pytest.raises(MXNetError, match="nothere"):
        mx.nd.load(str(tmp_path / "nothere"))


def test_load_garbage(tmp_path):
    p = tmp_path / "garbage.bin"
    p.write_bytes(b"hello world, this is certainly not an NDArray file")
    with pytest.raises(MXNetError, match=r"garbage\.bin.*magic"):
        mx.nd.load(str(p))
    p.write_bytes(b"")
    with pytest.raises(MXNetError, match=r"garbage\.bin"):
        mx.nd.load(str(p))


def test_every_truncation_is_an_error(tmp_path):
    with open(os.path.join(GOLD, "params.params"), "rb") as f:
        raw = f.read()
    p = tmp_path / "cut.params"
    for n in range(len(raw)):
        p.write_bytes(raw[:n])
        with pytest.raises(MXNetError, match=r"cut\.params"):
            mx.nd.load(str(p))
        with pytest.raises(MXNetError, match="buffer"):
            mx.nd.load_frombuffer(raw[:n])


def _one_array_file(magic=0xF993FAC9, stype=0, ndim=1, dims=(2,), ctx=(1, 0), flag=0,
                    data=b"\0" * 8, names=()):
    raw = struct.pack("<QQQ", 0x112, 0, 1)
    raw += struct.pack("<Iii", magic, stype, ndim) + struct.pack("<%dq" % len(dims), *dims)
    raw += struct.pack("<iii", ctx[0], ctx[1], flag) + data
    raw += struct.pack("<Q", len(names))
    for n in names:
        raw += struct.pack("<Q", len(n)) + n
    return raw


def test_handmade_file_is_valid():
    (a,) = mx.nd.load_frombuffer(_one_array_file(data=struct.pack("<2f", 1.5, -2)))
    np.testing.assert_array_equal(a.asnumpy(), np.array([1.5, -2], np.float32))


@pytest.mark.parametrize("kwargs, message", [
    ({"magic": 0xDEADBEEF}, "magic"),
    ({"stype": 7}, "storage type 7"),
    ({"flag": 99}, "dtype flag 99"),
    ({"ctx": (9, 0)}, "context"),
    ({"dims": (-2,)}, "negative"),
    ({"ndim": 77, "dims": ()}, "dimensions"),
    ({"names": (b"a", b"b")}, "2 names for 1 arrays"),
    ({"names": (b"\xff\xfe",)}, "UTF-8"),
    ({"dims": (1 << 40,)}, "truncated"),
])
def test_corrupt_records(kwargs, message):
    with pytest.raises(MXNetError, match=message):
        mx.nd.load_frombuffer(_one_array_file(**kwargs))


def test_huge_array_count_is_rejected():
    raw = struct.pack("<QQQ", 0x112, 0, 1 << 60)
    with pytest.raises(MXNetError, match="arrays"):
        mx.nd.load_frombuffer(raw)


def test_legacy_v1_and_pre_v1_records():
    """Records of MXNet before V2 (no storage type; pre-V1 stores ndim then uint32 dims)."""
    v1 = struct.pack("<QQQ", 0x112, 0, 1) + struct.pack("<Iiqq", 0xF993FAC8, 2, 1, 2)
    v1 += struct.pack("<iii", 1, 0, 4) + struct.pack("<2i", 7, -7) + struct.pack("<Q", 0)
    (a,) = mx.nd.load_frombuffer(v1)
    assert a.dtype == np.int32 and a.shape == (1, 2)
    np.testing.assert_array_equal(a.asnumpy(), [[7, -7]])
    old = struct.pack("<QQQ", 0x112, 0, 1) + struct.pack("<III", 2, 2, 1)
    old += struct.pack("<iii", 1, 0, 1) + struct.pack("<2d", 0.5, 4) + struct.pack("<Q", 0)
    (b,) = mx.nd.load_frombuffer(old)
    assert b.dtype == np.float64 and b.shape == (2, 1)
    np.testing.assert_array_equal(b.asnumpy(), [[0.5], [4]])


def test_getstate_setstate_raw_record_as_mxnet():
    # MXNet 1.9.1: nd.array([[1, 2], [3, 4]]).__getstate__()
    import mxjax as mx
    expected = bytearray(b'\xc9\xfa\x93\xf9\x00\x00\x00\x00\x02\x00\x00\x00\x02\x00\x00\x00'
                         b'\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00'
                         b'\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80?\x00\x00\x00@'
                         b'\x00\x00@@\x00\x00\x80@')
    a = mx.nd.array([[1, 2], [3, 4]])
    assert a.__getstate__() == {"handle": expected}
    b = mx.nd.zeros((1,))
    b.__setstate__({"handle": expected})
    assert b.shape == (2, 2) and b.asnumpy().tolist() == [[1, 2], [3, 4]]
    # a GPU array's record (mx.nd.arange(1, ctx=mx.gpu())) loads without a GPU
    gpu_state = {"handle": bytearray(
        b'\xc9\xfa\x93\xf9\x00\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00'
        b'\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00')}
    c = mx.nd.arange(1)
    c.__setstate__(gpu_state)
    assert c.asnumpy().tolist() == [0.0] and c.dtype == np.float32
