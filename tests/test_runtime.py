"""mx.runtime: MXNet's feature names, each enabled when mxjax provides it."""
import pytest

import mxjax as mx
from mxjax import runtime

# MXNet 1.9.1's feature names, in its order (runtime.Features().keys()).
MXNET_FEATURES = ['CUDA', 'CUDNN', 'NCCL', 'CUDA_RTC', 'TENSORRT', 'CPU_SSE', 'CPU_SSE2',
                  'CPU_SSE3', 'CPU_SSE4_1', 'CPU_SSE4_2', 'CPU_SSE4A', 'CPU_AVX', 'CPU_AVX2',
                  'OPENMP', 'SSE', 'F16C', 'JEMALLOC', 'BLAS_OPEN', 'BLAS_ATLAS', 'BLAS_MKL',
                  'BLAS_APPLE', 'LAPACK', 'MKLDNN', 'OPENCV', 'CAFFE', 'PROFILER',
                  'DIST_KVSTORE', 'CXX14', 'INT64_TENSOR_SIZE', 'SIGNAL_HANDLER', 'DEBUG',
                  'TVM_OP']


def test_feature_names_and_singleton():
    features = runtime.Features()
    assert list(features.keys()) == MXNET_FEATURES
    assert runtime.Features() is features
    assert [f.name for f in runtime.feature_list()] == MXNET_FEATURES


def test_what_mxjax_has():
    features = runtime.Features()
    assert features.is_enabled("lapack") and features.is_enabled("LAPACK")
    assert features.is_enabled("CUDA") == (mx.num_gpus() > 0)
    assert not features.is_enabled("INT64_TENSOR_SIZE")  # index outputs as the reference build
    assert not features.is_enabled("DIST_KVSTORE")
    assert repr(features["LAPACK"]) == "\u2714 LAPACK"
    assert repr(features["TVM_OP"]) == "\u2716 TVM_OP"
    assert repr(features).startswith("[")


def test_unknown_feature_raises_as_mxnet():
    with pytest.raises(RuntimeError, match="Feature 'FOO' is unknown, known features are"):
        runtime.Features().is_enabled("foo")


def test_alias_path():
    mx.install_mxnet_alias()
    from mxnet import runtime as rt  # noqa: F811
    assert rt is runtime
