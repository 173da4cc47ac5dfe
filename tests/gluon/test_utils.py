"""gluon.utils: split_data/split_and_load, clip_global_norm (vs MXNet 1.9.1), check_sha1,
download without network, shape_is_known."""
import hashlib

import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
from mxjax.gluon import utils
import golden_utils

G = golden_utils.load("gluon_train_data")


def test_split_data_vs_mxnet():
    data = mx.nd.array(np.arange(24).reshape(6, 4))
    sl = utils.split_data(data, 4, batch_axis=0, even_split=False)
    for i, s in enumerate(sl):
        golden_utils.assert_matches(s, G["utils_split"]["s%d" % i])
    sl1 = utils.split_data(data, 2, batch_axis=1)
    for i, s in enumerate(sl1):
        golden_utils.assert_matches(s, G["utils_split"]["a%d" % i])
    with pytest.raises(ValueError, match="cannot be evenly split into 4 slices"):
        utils.split_data(data, 4)


def test_split_and_load():
    ctxs = [mx.cpu(0), mx.cpu(1)]
    parts = utils.split_and_load(np.arange(8).reshape(4, 2), ctxs)
    assert [p.context for p in parts] == ctxs
    np.testing.assert_array_equal(parts[1].asnumpy(), [[4, 5], [6, 7]])
    one = utils.split_and_load(mx.nd.ones((3, 2)), [mx.cpu(0)])
    assert len(one) == 1 and one[0].shape == (3, 2)


def test_clip_global_norm_vs_mxnet():
    arrs = [mx.nd.array(np.arange(6).reshape(2, 3)), mx.nd.array([3.0, -4.0])]
    norm = utils.clip_global_norm(arrs, 2.0)
    assert isinstance(norm, (float, np.floating))
    np.testing.assert_allclose(norm, G["utils_clip"]["norm"], rtol=1e-6)
    golden_utils.assert_matches(arrs[0], G["utils_clip"]["a0"])
    golden_utils.assert_matches(arrs[1], G["utils_clip"]["a1"])
    arrs = [mx.nd.array([0.1, 0.2])]
    norm = utils.clip_global_norm(arrs, 5.0, check_isfinite=False)
    golden_utils.assert_matches(norm, G["utils_clip_noop"]["norm"])
    golden_utils.assert_matches(arrs[0], G["utils_clip_noop"]["a0"])
    with pytest.warns(UserWarning, match="nan or inf"):
        utils.clip_global_norm([mx.nd.array([np.inf])], 1.0)


def test_check_sha1_and_download(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"mxjax")
    digest = hashlib.sha1(b"mxjax").hexdigest()
    assert utils.check_sha1(str(path), digest)
    assert not utils.check_sha1(str(path), "0" * 40)
    url = "https://example.com/data/f.bin"
    assert utils.download(url, path=str(tmp_path)) == str(path)
    assert utils.download(url, path=str(path), sha1_hash=digest) == str(path)
    with pytest.raises(MXNetError, match="does not access the network.*does not exist"):
        utils.download("https://example.com/missing.bin", path=str(tmp_path))
    with pytest.raises(MXNetError, match="does not match the SHA-1"):
        utils.download(url, path=str(tmp_path), sha1_hash="0" * 40)
    with pytest.raises(MXNetError, match="to be overwritten"):
        utils.download(url, path=str(tmp_path), overwrite=True)


def test_replace_file_and_shape_is_known(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("1")
    utils.replace_file(str(a), str(b))
    assert b.read_text() == "1" and not a.exists()
    assert utils.shape_is_known((2, 3)) and not utils.shape_is_known((0, 3))
    assert not utils.shape_is_known(None)


def test_hook_handle():
    import collections
    hooks = collections.OrderedDict()
    handle = utils.HookHandle()
    handle.attach(hooks, print)
    assert list(hooks.values()) == [print]
    with pytest.raises(AssertionError, match="cannot be attached twice"):
        handle.attach(hooks, print)
    handle.detach()
    assert not hooks
