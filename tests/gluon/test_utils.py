"""gluon.utils: split_data/split_and_load, clip_global_norm (vs MXNet 1.9.1), check_sha1,
download (from a local HTTP server; unreachable hosts raise MXNetError), shape_is_known."""
import hashlib
import os
import sys

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


def test_check_sha1(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"mxjax")
    digest = hashlib.sha1(b"mxjax").hexdigest()
    assert utils.check_sha1(str(path), digest)
    assert not utils.check_sha1(str(path), "0" * 40)


@pytest.fixture
def http_server(tmp_path):
    """A local HTTP server over a folder holding data/f.bin (no outside network)."""
    import functools
    import http.server
    import threading
    root = tmp_path / "served"
    (root / "data").mkdir(parents=True)
    (root / "data" / "f.bin").write_bytes(b"mxjax" * 1000)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d" % server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("transport", ["requests", "urllib"])
def test_download_fetches_and_checks(http_server, tmp_path, monkeypatch, transport):
    if transport == "urllib":
        monkeypatch.setitem(sys.modules, "requests", None)  # import requests -> ImportError
    else:
        pytest.importorskip("requests")
    content = b"mxjax" * 1000
    digest = hashlib.sha1(content).hexdigest()
    out = tmp_path / "out"
    out.mkdir()
    url = http_server + "/data/f.bin"
    got = utils.download(url, path=str(out), sha1_hash=digest)
    assert got == str(out / "f.bin") and (out / "f.bin").read_bytes() == content
    assert os.listdir(str(out)) == ["f.bin"]  # the temporary file was moved into place
    # present and matching: kept (no request: the server could be gone)
    (out / "f.bin").write_bytes(b"local")
    assert utils.download("http://127.0.0.1:9/data/f.bin", path=str(out)) == str(out / "f.bin")
    assert (out / "f.bin").read_bytes() == b"local"
    # overwrite fetches again
    utils.download(url, path=str(out / "f.bin"), overwrite=True)
    assert (out / "f.bin").read_bytes() == content
    # content that does not match the hash
    with pytest.raises(MXNetError, match="content hash does not match"):
        utils.download(url, path=str(out / "g.bin"), sha1_hash="0" * 40, retries=0)
    # HTTP 404: retried, then an MXNetError naming the url; no temporary files left
    with pytest.raises(MXNetError, match="could not download .*missing.bin"):
        utils.download(http_server + "/missing.bin", path=str(out), retries=1)
    assert sorted(os.listdir(str(out))) == ["f.bin", "g.bin"]


def test_download_unreachable_raises(tmp_path):
    import socket
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    url = "http://127.0.0.1:%d/x.bin" % port
    with pytest.raises(MXNetError, match=r"could not download .*x\.bin .*\(2 attempts\)"):
        utils.download(url, path=str(tmp_path), retries=1)
    assert not (tmp_path / "x.bin").exists() and os.listdir(str(tmp_path)) == []


def test_download_arguments(tmp_path):
    with pytest.raises(MXNetError, match="file-name"):
        utils.download("https://example.com/data/")
    with pytest.raises(MXNetError, match="retries"):
        utils.download("https://example.com/f.bin", path=str(tmp_path), retries=-1)
    (tmp_path / "f.bin").write_bytes(b"x")
    with pytest.warns(UserWarning, match="Unverified HTTPS request"):
        utils.download("https://example.com/f.bin", path=str(tmp_path), verify_ssl=False)
    assert utils._get_repo_file_url("gluon/models", "a.zip").endswith("/gluon/models/a.zip")


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
