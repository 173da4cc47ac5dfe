"""Custom operators (``mx.operator``) defined once for both sides of the golden
comparison: ``tools/golden/custom_op.py`` calls ``define(mxnet)`` under real MXNet
1.9.1, ``tests/test_operator.py`` calls ``define(mxjax)``."""


def define(mx):
    """Register the test operators with ``mx.operator``; returns the Gluon block class."""

    class Sqr(mx.operator.CustomOp):
        def forward(self, is_train, req, in_data, out_data, aux):
            self.assign(out_data[0], req[0], in_data[0] * in_data[0])

        def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
            self.assign(in_grad[0], req[0], 2 * in_data[0] * out_grad[0])

    @mx.operator.register("t_sqr")
    class SqrProp(mx.operator.CustomOpProp):
        def __init__(self):
            super().__init__(need_top_grad=True)

        def create_operator(self, ctx, shapes, dtypes):
            return Sqr()

    class ScaledAddSub(mx.operator.CustomOp):
        """Two arguments, two outputs, a keyword argument; backward uses out_data."""

        def __init__(self, scale):
            super().__init__()
            self.scale = scale

        def forward(self, is_train, req, in_data, out_data, aux):
            a, b = in_data
            self.assign(out_data[0], req[0], self.scale * (a + b))
            self.assign(out_data[1], req[1], mx.nd.tanh(a - b))

        def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
            g_sum, g_diff = out_grad
            t = out_data[1]
            d = g_diff * (1 - t * t)
            self.assign(in_grad[0], req[0], self.scale * g_sum + d)
            self.assign(in_grad[1], req[1], self.scale * g_sum - d)

    @mx.operator.register("t_addsub")
    class ScaledAddSubProp(mx.operator.CustomOpProp):
        def __init__(self, scale="1.0"):
            super().__init__(need_top_grad=True)
            self.scale = float(scale)

        def list_arguments(self):
            return ["a", "b"]

        def list_outputs(self):
            return ["sum", "diff"]

        def infer_shape(self, in_shape):
            return in_shape, [in_shape[0], in_shape[0]], []

        def create_operator(self, ctx, shapes, dtypes):
            return ScaledAddSub(self.scale)

    class SoftmaxCE(mx.operator.CustomOp):
        """MXNet's classic example: a loss whose backward ignores the top gradient."""

        def forward(self, is_train, req, in_data, out_data, aux):
            x = in_data[0].asnumpy()
            y = np.exp(x - x.max(axis=1, keepdims=True))
            y /= y.sum(axis=1, keepdims=True)
            self.assign(out_data[0], req[0], mx.nd.array(y))

        def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
            label = in_data[1].asnumpy().ravel().astype(np.int64)
            y = out_data[0].asnumpy()
            y[np.arange(label.shape[0]), label] -= 1.0
            self.assign(in_grad[0], req[0], mx.nd.array(y))
            self.assign(in_grad[1], req[1], mx.nd.zeros_like(in_data[1]))

    @mx.operator.register("t_softmax")
    class SoftmaxCEProp(mx.operator.CustomOpProp):
        def __init__(self):
            super().__init__(need_top_grad=False)

        def list_arguments(self):
            return ["data", "label"]

        def infer_shape(self, in_shape):
            return in_shape, [in_shape[0]], []

        def create_operator(self, ctx, shapes, dtypes):
            return SoftmaxCE()

    class Mean64(mx.operator.CustomOp):
        """The output dtype differs from the input's (infer_type) and its shape too."""

        def forward(self, is_train, req, in_data, out_data, aux):
            m = in_data[0].astype("float64").mean(axis=1)
            self.assign(out_data[0], req[0], m * (2.0 if is_train else 1.0))

        def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
            n = in_data[0].shape[1]
            g = (out_grad[0].reshape((-1, 1)) / n).astype("float32")
            self.assign(in_grad[0], req[0], mx.nd.broadcast_to(g, in_data[0].shape) * 2.0)

    @mx.operator.register("t_mean64")
    class Mean64Prop(mx.operator.CustomOpProp):
        def infer_shape(self, in_shape):
            return in_shape, [[in_shape[0][0]]], []

        def infer_type(self, in_type):
            return in_type, [np.float64], []

        def create_operator(self, ctx, shapes, dtypes):
            return Mean64()

    @mx.operator.register("t_bad_shape")
    class BadShapeProp(mx.operator.CustomOpProp):
        def infer_shape(self, in_shape):
            return [[5]], [in_shape[0]], []

    @mx.operator.register("t_bad_outputs")
    class BadOutputsProp(mx.operator.CustomOpProp):
        def infer_shape(self, in_shape):
            return in_shape, [in_shape[0], in_shape[0]], []

    class Net(mx.gluon.HybridBlock):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            with self.name_scope():
                self.dense = mx.gluon.nn.Dense(4, in_units=3)

        def hybrid_forward(self, F, x):
            h = self.dense(x)
            s, d = F.Custom(h, F.sin(h) + 1, op_type="t_addsub", scale=0.5)
            return F.Custom(s, op_type="t_sqr") + d

    return Net


import numpy as np  # noqa: E402 - used by the operators above
