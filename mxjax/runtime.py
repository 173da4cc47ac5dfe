"""``mx.runtime``: which of MXNet's build features mxjax provides.

MXNet reports the features its native library was compiled with. mxjax has no
native library; ``Features()`` lists the same feature names, each enabled when
mxjax offers what the feature stands for on this machine (``CUDA``/``CUDNN`` when
JAX sees a GPU, ``LAPACK`` for ``nd.linalg``, ``DIST_KVSTORE`` never ...).
"""
import collections

__all__ = ["Feature", "Features", "feature_list", "collections"]

# MXNet 1.9.1's feature names, in its order.
_NAMES = ("CUDA", "CUDNN", "NCCL", "CUDA_RTC", "TENSORRT", "CPU_SSE", "CPU_SSE2", "CPU_SSE3",
          "CPU_SSE4_1", "CPU_SSE4_2", "CPU_SSE4A", "CPU_AVX", "CPU_AVX2", "OPENMP", "SSE",
          "F16C", "JEMALLOC", "BLAS_OPEN", "BLAS_ATLAS", "BLAS_MKL", "BLAS_APPLE", "LAPACK",
          "MKLDNN", "OPENCV", "CAFFE", "PROFILER", "DIST_KVSTORE", "CXX14", "INT64_TENSOR_SIZE",
          "SIGNAL_HANDLER", "DEBUG", "TVM_OP")


class Feature:
    """A build feature: ``name`` and whether it is ``enabled``."""

    __slots__ = ("name", "enabled")

    def __init__(self, name, enabled):
        self.name = name
        self.enabled = bool(enabled)

    def __repr__(self):
        return ("\u2714 " if self.enabled else "\u2716 ") + self.name


def _has_gpu():
    import jax
    try:
        return bool(jax.devices("gpu"))
    except RuntimeError:
        return False


def feature_list():
    """The features, as a list of :class:`Feature` (MXNet's names and order).

    Returns
    -------
    list of Feature
    """
    gpu = _has_gpu()
    # What mxjax offers: GPU arrays through JAX, LAPACK-backed nd.linalg, a
    # Python-level SIGNAL_HANDLER is not installed; index outputs follow the
    # reference build (32-bit tensor sizes), so INT64_TENSOR_SIZE is off.
    enabled = {"CUDA": gpu, "CUDNN": gpu, "LAPACK": True}
    return [Feature(name, enabled.get(name, False)) for name in _NAMES]


class Features(collections.OrderedDict):
    """``{name: Feature}`` for every build feature (one shared instance, as MXNet)."""

    instance = None

    def __new__(cls):
        if cls.instance is None:
            cls.instance = super().__new__(cls)
            collections.OrderedDict.__init__(cls.instance,
                                             [(f.name, f) for f in feature_list()])
        return cls.instance

    def __init__(self):  # filled once in __new__
        pass

    def __repr__(self):
        return str(list(self.values()))

    def is_enabled(self, feature_name):
        """Whether feature ``feature_name`` (e.g. ``'CUDA'``, any case) is enabled.

        Raises
        ------
        RuntimeError
            For a name that is not a feature (as MXNet).
        """
        feature_name = feature_name.upper()
        if feature_name not in self:
            raise RuntimeError("Feature '{}' is unknown, known features are: {}".format(
                feature_name, list(self.keys())))
        return self[feature_name].enabled
