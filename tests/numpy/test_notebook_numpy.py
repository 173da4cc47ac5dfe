"""notebooks/06-numpy-interface.ipynb executes top to bottom and prints what it says:
NumPy semantics (zero-dim sums, boolean masks, float32 defaults), d2l-style linear
regression from scratch and with Gluon reaching the true weights."""
import re
import shutil

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

import os  # noqa: E402

NOTEBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "notebooks",
                        "06-numpy-interface.ipynb")


def test_numpy_interface_notebook(tmp_path):
    dst = tmp_path / "nb.ipynb"
    shutil.copy(NOTEBOOK, dst)
    nb = nbformat.read(str(dst), as_version=4)
    nbclient.NotebookClient(nb, timeout=240, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    text = ""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", (cell.source, out.get("evalue"))
            if out.get("output_type") == "stream" and out.get("name") == "stdout":
                text += out["text"]
    assert "array(15.) ()" in text and "array([3., 4., 5.])" in text
    assert "array([1., 2., 3.]) float32" in text  # a numpy.dtype, as MXNet's mx.np arrays
    assert "NDArray (1,)" in text
    # the from-scratch run prints MXNet 1.9.1's losses (examples/d2l_numpy.py's golden run)
    assert "epoch 3, loss 0.000046" in text
    final = re.findall(r"ndarray \[\[\s*([-\d.]+)\s+([-\d.]+)\s*\]\] \[([-\d.]+)\]", text)
    assert final, text
    w1, w2, b = (float(v) for v in final[-1])
    assert abs(w1 - 2) < 0.01 and abs(w2 + 3.4) < 0.01 and abs(b - 4.2) < 0.01
