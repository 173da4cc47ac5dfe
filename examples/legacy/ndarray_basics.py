"""NDArray basics: creation, dtypes, printing, indexing, in-place writes,
broadcasting, shape manipulation, reductions and saving/loading."""
import os
import tempfile

import numpy as np
import mxnet as mx
from mxnet import nd

mx.random.seed(1)

# --- creation -----------------------------------------------------------
x = nd.arange(12).reshape((3, 4))
print(x)
print(nd.zeros((2, 3)))
print(nd.ones((2, 3), dtype='int32'))
print(nd.full((2, 2), 7.5))
print(nd.array([[1, 2], [3, 4]], dtype='float64'))
print(nd.array(np.arange(6, dtype='int64').reshape(2, 3)))
print(nd.eye(3))
print(nd.linspace(0, 1, 5))
print("shape", x.shape, "size", x.size, "ndim", x.ndim, "dtype", x.dtype, "ctx", x.context)
print("stype", x.stype, "ctx == mx.cpu():", x.context == mx.cpu())

# --- arithmetic and broadcasting ----------------------------------------
y = nd.array([[1.0], [2.0], [3.0]])
print(x + y)
print(x * 2 - 1)
print(nd.exp(nd.array([0, 1, 2])))
print((x > 5) * x)
print(x / nd.array([1, 2, 4, 8]).reshape((1, 4)))
print(nd.dot(x, x.T))

# --- indexing and slicing -----------------------------------------------
print(x[1])
print(x[1, 2])
print(x[:, 1:3])
print(x[::2])
print(x[nd.array([0, 2])])
print(x[[0, 2], [1, 3]])
z = x.copy()
z[1] = 0
z[:, 0] = nd.array([-1, -2, -3])
z[2, 1:3] = 9
print(z)
print("x unchanged:", x[1].asnumpy().tolist())

# --- shape manipulation --------------------------------------------------
print(x.reshape((0, 2, -1)).shape, x.reshape((-1,)).shape, x.reshape((2, -1)).shape)
print(nd.transpose(x).shape, x.expand_dims(axis=0).shape, x.flatten().shape)
print(nd.concat(x, x, dim=0).shape, nd.stack(x, x, axis=1).shape)
parts = nd.split(x, num_outputs=2, axis=1)
print(len(parts), parts[0])
print(nd.tile(nd.array([1, 2]), reps=(2, 2)))

# --- reductions (legacy nd: a full reduction has shape (1,)) ---------------
print(x.sum(), x.sum().shape)
print(x.sum(axis=0))
print(x.mean(axis=1, keepdims=True))
print(x.max(), x.argmax(axis=1))
print(nd.norm(nd.array([3, 4])))
print("asscalar:", x.sum().asscalar(), type(x.sum().asscalar()).__name__)

# --- other common operators ---------------------------------------------
print(nd.one_hot(nd.array([0, 2, 1]), depth=3))
print(nd.where(x > 5, x, -x))
print(nd.clip(x, 2, 8))
print(nd.topk(nd.array([3, 1, 4, 1, 5, 9, 2, 6]), k=3))
print(nd.sort(nd.array([3, 1, 4, 1, 5]), is_ascend=False))
print(nd.softmax(nd.array([[1, 2, 3]])))

# --- dtypes --------------------------------------------------------------
i = x.astype('int32')
print(i.dtype, (i / 2).dtype, (i + 0.5).dtype, x.astype('float16').dtype)
print(i / 2)

# --- NumPy interchange, save and load --------------------------------------
a = x.asnumpy()
print(type(a).__name__, a.dtype, a.sum())
path = os.path.join(tempfile.mkdtemp(), 'arrays.nd')
nd.save(path, {'x': x, 'i': i})
loaded = nd.load(path)
print(sorted(loaded.keys()), loaded['x'].dtype, loaded['i'].dtype,
      (loaded['x'] == x).min().asscalar())
nd.save(path, [x, y])
print([t.shape for t in nd.load(path)])
print(nd.arange(2000).reshape((2, 1000)))
