"""mx.nd.sparse: MXNet's names exist; every sparse-storage request raises MXNetError."""
import numpy as np
import pytest

import mxjax as mx
from mxjax.base import MXNetError
from mxjax.ndarray import sparse


@pytest.mark.parametrize("call", [
    lambda: sparse.csr_matrix(np.eye(2)),
    lambda: sparse.row_sparse_array(np.eye(2)),
    lambda: sparse.zeros("csr", (2, 2)),
    lambda: sparse.zeros("row_sparse", (2, 2)),
    lambda: sparse.empty("row_sparse", (2, 2)),
    lambda: sparse.array(np.eye(2)),
    lambda: sparse.cast_storage(mx.nd.ones((2, 2)), "csr"),
    lambda: sparse.CSRNDArray(),
    lambda: sparse.RowSparseNDArray(),
])
def test_sparse_storage_raises(call):
    with pytest.raises(MXNetError, match="not supported by mxjax"):
        call()


def test_default_storage_is_dense():
    z = sparse.zeros("default", (2, 3), dtype="float64")
    assert type(z) is mx.nd.NDArray and z.dtype == np.float64
    np.testing.assert_array_equal(z.asnumpy(), np.zeros((2, 3)))
    x = mx.nd.array([[1, 2]])
    c = sparse.cast_storage(x, "default")
    np.testing.assert_array_equal(c.asnumpy(), x.asnumpy())
    assert sparse.empty("default", (4,)).shape == (4,)


def test_names_and_isinstance():
    assert mx.nd.sparse is sparse
    assert not isinstance(mx.nd.ones((2,)), (sparse.CSRNDArray, sparse.RowSparseNDArray))
    assert issubclass(sparse.CSRNDArray, sparse.BaseSparseNDArray)
    assert issubclass(sparse.BaseSparseNDArray, mx.nd.NDArray)
