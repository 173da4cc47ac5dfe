"""``from mxnet.<module> import *`` gives MXNet 1.9.1's names.

MXNet's modules mostly have no ``__all__``: a star-import exports every public
name the module holds, including what it imported. The names per module were
recorded from MXNet 1.9.1 by ``tools/mxnet_api/star_exports.py --dump``; names that
only exist for MXNet's C API (``C_API_NAMES``) are not expected.
"""
import importlib.util
import os

import pytest

_TOOL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                     "tools", "mxnet_api", "star_exports.py")
_spec = importlib.util.spec_from_file_location("star_exports", _TOOL)
star_exports = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(star_exports)

# Modules whose star-export must match MXNet's, with the names mxjax does not have
# (and why). Run the tool without arguments to see every module.
CHECKED = {
    "mxnet.autograd": set(),
    "mxnet.contrib.autograd": set(),
    "mxnet.engine": set(),
    "mxnet.random": set(),
    "mxnet.runtime": set(),
    "mxnet.base": set(),
    "mxnet.ndarray.utils": set(),
    "mxnet.context": {"classproperty", "with_metaclass",  # MXNet's py2/3 helpers
                      "gpu_memory_info"},  # no device memory query in JAX's public API
    "mxnet.util": {"get_cuda_compute_capability", "get_gpu_count", "get_gpu_memory",
                   "np_ufunc_legal_option", "set_module", "wrap_np_binary_func",
                   "wrap_np_unary_func"},  # CUDA queries and mx.np internals
    "mxnet.test_utils": {
        # Symbol executors / consistency checks across contexts
        "check_consistency", "check_gluon_hybridize_consistency", "check_speed",
        "check_symbolic_backward", "check_symbolic_forward", "np_symbol",
        "same_symbol_structure", "simple_forward",
        # sparse storage (mxjax arrays are dense)
        "create_sparse_array", "create_sparse_array_zd", "shuffle_csr_column_indices",
        # downloads and datasets
        "download", "download_model", "get_bz2_data", "get_cifar10", "get_im2rec_path",
        "get_mnist", "get_mnist_iterator", "get_mnist_pkl", "get_mnist_ubyte", "get_zip_data",
        "get_cuda_compute_capability",
        # third-party modules MXNet's module imports (not mxjax dependencies)
        "requests", "ss",
        # landing with the optimizer work
        "compare_optimizer",
    },
}


@pytest.mark.parametrize("module", sorted(CHECKED))
def test_star_import_gives_mxnets_names(module):
    missing, _extra = star_exports.compare([module])[module]
    unexpected = sorted(set(missing) - CHECKED[module])
    assert not unexpected, "from %s import * lacks %s" % (module, unexpected)


@pytest.mark.parametrize("module", sorted(CHECKED))
def test_star_import_runs(module):
    # every name in __all__ resolves (the lazily resolved ones included)
    namespace = {}
    exec("from %s import *" % star_exports.mxjax_path(module), namespace)  # noqa: S102
    mod = importlib.import_module(star_exports.mxjax_path(module))
    assert set(getattr(mod, "__all__", ())) <= set(namespace)


def test_autograd_exports_ndarray_like_mxnet():
    namespace = {}
    exec("from mxjax.autograd import *", namespace)  # noqa: S102
    import mxjax
    assert namespace["NDArray"] is mxjax.nd.NDArray
    assert namespace["array"] is mxjax.nd.array
    namespace = {}
    exec("from mxjax.test_utils import *", namespace)  # noqa: S102
    assert namespace["mx"] is mxjax and namespace["np"].__name__ == "numpy"
