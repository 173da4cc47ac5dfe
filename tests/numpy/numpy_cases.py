"""Cases shared by tools/golden/numpy_ops.py (run under MXNet 1.9.1 with npx.set_np())
and tests/numpy/test_golden.py (run under mxjax): each case is an expression over
``np``/``npx`` and the inputs SETUP defines. The generator stores each result (and,
for GRAD cases, each gradient); the test evaluates the same expression with mxjax.
"""

SETUP = """
A = np.array([[0.1, 0.5, 0.9], [0.3, 0.7, 0.2]], dtype='float32')
B = np.array([[0.4, 0.2, 0.6], [0.8, 0.1, 0.5]], dtype='float32')
I = np.array([[1, 4, 2], [3, 0, 5]], dtype='int32')
J = np.array([[2, 1, 3], [1, 4, 2]], dtype='int32')
V = np.array([0.3, -1.2, 2.5, 0.7], dtype='float32')
W = np.array([1.5, 2.0, 3.5], dtype='float32')
M = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]], dtype='float32')
T = np.array([[[1., 2., 3., 4.], [5., 6., 7., 8.], [9., 10., 11., 12.]],
              [[13., 14., 15., 16.], [17., 18., 19., 20.], [21., 22., 23., 24.]]],
             dtype='float32')
L = np.array([True, False, True], dtype='bool')
"""

# element-wise unary functions: evaluated on A (and on I for the dtype rule)
UNARY = ("abs absolute cbrt ceil cos cosh arccos arcsin arctan arcsinh arctanh degrees "
         "rad2deg deg2rad radians exp expm1 fabs fix floor log log10 log1p log2 negative "
         "reciprocal rint sign sin sinh sqrt square tan tanh trunc").split()
UNARY_INT = ("abs negative sign square sqrt exp log ceil floor").split()
UNARY_BOOL = "isnan isinf isfinite isposinf isneginf logical_not".split()
BINARY = ("add subtract multiply divide true_divide mod remainder power maximum minimum "
          "arctan2 hypot copysign equal not_equal greater greater_equal less "
          "less_equal").split()
BINARY_INT = "add subtract multiply true_divide mod power maximum minimum".split()
REDUCE = "sum prod mean std var max min amax amin argmax argmin".split()

CASES = []
for _f in UNARY:
    CASES.append(("unary_%s" % _f, "np.%s(A)" % _f))
CASES.append(("unary_arccosh", "np.arccosh(W)"))
for _f in UNARY_INT:
    CASES.append(("unary_int_%s" % _f, "np.%s(I + 1)" % _f))
for _f in UNARY_BOOL:
    CASES.append(("unary_bool_%s" % _f, "np.%s(V / np.array([0., 1., 0., 1.]))" % _f))
for _f in BINARY:
    CASES.append(("binary_%s" % _f, "np.%s(A, B)" % _f))
    CASES.append(("binary_bcast_%s" % _f, "np.%s(A, W[:1] + B[0])" % _f))
for _f in BINARY_INT:
    CASES.append(("binary_int_%s" % _f, "np.%s(I, J)" % _f))
for _f in REDUCE:
    CASES.append(("reduce_%s" % _f, "np.%s(A)" % _f))
    CASES.append(("reduce_axis_%s" % _f, "np.%s(A, axis=1)" % _f))
    CASES.append(("reduce_int_%s" % _f, "np.%s(I, axis=0)" % _f))
CASES += [
    ("reduce_keepdims_sum", "np.sum(A, axis=0, keepdims=True)"),
    ("reduce_keepdims_mean", "np.mean(A, axis=(0, 1), keepdims=True)"),
    ("reduce_bool_sum", "np.sum(L)"),
    ("reduce_dtype_sum", "np.sum(I, dtype='float32')"),
    ("reduce_all", "np.all(A > 0.2)"), ("reduce_any", "np.any(A > 0.8, axis=0)"),
    ("method_sum", "A.sum(axis=0)"), ("method_mean", "A.mean()"), ("method_max", "A.max(1)"),
    ("method_argmax", "A.argmax(axis=1)"), ("method_std", "A.std(axis=0)"),
    # scalars and dunders
    ("scalar_add", "A + 2"), ("scalar_radd", "2 + A"), ("scalar_rsub", "1 - A"),
    ("scalar_mul_int", "I * 1.5"), ("scalar_add_int", "I + 2"), ("scalar_div_int", "I / 2"),
    ("scalar_rdiv", "1 / A"), ("scalar_pow", "A ** 2"), ("scalar_rpow", "2 ** A"),
    ("scalar_mod", "I % 3"), ("scalar_gt", "A > 0.4"), ("scalar_eq_int", "I == 2"),
    ("dunder_neg", "-A"), ("dunder_matmul", "A @ M"), ("dunder_int_div", "I / J"),
    ("dunder_floordiv", "I // J"), ("dunder_bool_int", "L + np.array([1, 2, 3], dtype='int32')"),
    # creation
    ("create_array_list", "np.array([1, 2, 3])"), ("create_array_scalar", "np.array(3)"),
    ("create_array_bool_list", "np.array([True, False])"),
    ("create_zeros", "np.zeros((2, 3))"), ("create_ones_int", "np.ones((2,), dtype='int32')"),
    ("create_full", "np.full((2, 2), 7)"), ("create_full_int", "np.full((2,), 3, dtype='int32')"),
    ("create_empty_shape", "np.empty((0, 3))"),
    ("create_arange", "np.arange(5)"), ("create_arange_step", "np.arange(1, 3, 0.5)"),
    ("create_arange_int", "np.arange(2, 10, 3, dtype='int32')"),
    ("create_linspace", "np.linspace(0, 1, 5)"),
    ("create_linspace_noend", "np.linspace(0, 1, 4, endpoint=False)"),
    ("create_logspace", "np.logspace(0, 2, 3)"),
    ("create_eye", "np.eye(3, 4, k=1)"), ("create_identity", "np.identity(3)"),
    ("create_zeros_like", "np.zeros_like(I)"), ("create_ones_like", "np.ones_like(A)"),
    ("create_full_like", "np.full_like(A, 2.5)"), ("create_empty_like", "np.empty_like(A).shape"),
    ("create_indices", "np.indices((2, 3))"),
    ("create_hanning", "np.hanning(5)"), ("create_hamming", "np.hamming(5)"),
    ("create_blackman", "np.blackman(5)"),
    ("create_meshgrid_xy", "np.stack(np.meshgrid(W, V))"),
    ("create_meshgrid_ij", "np.stack(np.meshgrid(W, V, indexing='ij'))"),
    # shape manipulation
    ("shape_reshape", "np.reshape(T, (4, -1))"), ("shape_method_reshape", "T.reshape(6, 4)"),
    ("shape_transpose", "np.transpose(T, (2, 0, 1))"), ("shape_T", "A.T"),
    ("shape_swapaxes", "np.swapaxes(T, 0, 2)"), ("shape_moveaxis", "np.moveaxis(T, 0, -1)"),
    ("shape_rollaxis", "np.rollaxis(T, 2)"), ("shape_expand_dims", "np.expand_dims(A, 1)"),
    ("shape_squeeze", "np.squeeze(np.expand_dims(A, 0))"), ("shape_ravel", "np.ravel(T)"),
    ("shape_flatten", "A.flatten()"),
    ("shape_broadcast_to", "np.broadcast_to(W, (2, 3))"), ("shape_tile", "np.tile(W, (2, 2))"),
    ("shape_repeat", "np.repeat(A, 2, axis=1)"), ("shape_flip", "np.flip(A, 1)"),
    ("shape_fliplr", "np.fliplr(A)"), ("shape_flipud", "np.flipud(A)"),
    ("shape_roll", "np.roll(A, 1, axis=1)"), ("shape_rot90", "np.rot90(M)"),
    ("shape_tril", "np.tril(M, -1)"), ("shape_diag", "np.diag(M)"),
    ("shape_diagflat", "np.diagflat(W)"), ("shape_diagonal", "np.diagonal(T, 0, 1, 2)"),
    ("shape_trace", "np.trace(M)"), ("shape_pad", "np.pad(A, ((1, 1), (0, 2)))"),
    ("shape_atleast_1d", "np.atleast_1d(np.array(3.))"),
    ("shape_atleast_2d", "np.atleast_2d(W)"), ("shape_atleast_3d", "np.atleast_3d(A)"),
    ("shape_concatenate", "np.concatenate([A, B], axis=1)"),
    ("shape_concatenate_none", "np.concatenate([A, B], axis=None)"),
    ("shape_stack", "np.stack([A, B], axis=1)"), ("shape_vstack", "np.vstack([A, B])"),
    ("shape_hstack", "np.hstack([A, B])"), ("shape_dstack", "np.dstack([A, B])"),
    ("shape_column_stack", "np.column_stack([W, W])"),
    ("shape_split", "np.split(T, 2, axis=0)[1]"),
    ("shape_split_idx", "np.split(V, [1, 3])[1]"),
    ("shape_array_split", "np.array_split(V, 3)[0]"),
    ("shape_hsplit", "np.hsplit(T, 3)[2]"), ("shape_vsplit", "np.vsplit(M, 3)[0]"),
    ("shape_dsplit", "np.dsplit(T, 2)[1]"),
    # element-wise with attributes
    ("elem_clip", "np.clip(A, 0.2, 0.6)"), ("elem_clip_int", "np.clip(I, 1, 3)"),
    ("elem_around", "np.around(A * 10, 0)"), ("elem_round", "np.round(V, 1)"),
    ("elem_nan_to_num", "np.nan_to_num(np.log(V))"),
    ("elem_where", "np.where(A > 0.4, A, B)"), ("elem_where_scalar", "np.where(A > 0.4, A, 0.)"),
    ("elem_copy", "np.copy(A)"),
    # scans, sorting, searching
    ("scan_cumsum", "np.cumsum(A)"), ("scan_cumsum_axis", "np.cumsum(I, axis=1)"),
    ("scan_diff", "np.diff(V)"), ("scan_diff2", "np.diff(A, n=2, axis=1)"),
    ("scan_ediff1d", "np.ediff1d(V)"),
    ("sort_sort", "np.sort(V)"), ("sort_argsort", "np.argsort(V)"),
    ("sort_sort_axis", "np.sort(A, axis=0)"),
    ("search_take", "np.take(V, np.array([0, 2, 3], dtype='int32'))"),
    ("search_take_axis", "np.take(A, np.array([2, 0], dtype='int64'), axis=1)"),
    ("search_take_along_axis",
     "np.take_along_axis(A, np.array([[0], [2]], dtype='int64'), axis=1)"),
    ("search_searchsorted", "np.searchsorted(W, np.array([1., 2.5, 4.]))"),
    # products
    ("prod_dot", "np.dot(A, M)"), ("prod_dot_1d", "np.dot(W, W)"),
    ("prod_matmul", "np.matmul(A, M)"), ("prod_tensordot", "np.tensordot(T, T, axes=([0, 1], [0, 1]))"),
    ("prod_inner", "np.inner(A, B)"), ("prod_outer", "np.outer(W, V)"),
    ("prod_vdot", "np.vdot(A, B)"), ("prod_einsum", "np.einsum('ij,jk->ik', A, M)"),
    ("prod_einsum_trace", "np.einsum('ii', M)"),
    # statistics
    ("stat_average", "np.average(A, axis=1, weights=W)"), ("stat_average_all", "np.average(A)"),
    ("stat_percentile", "np.percentile(V, 50)"),
    ("stat_quantile", "np.quantile(A, 0.25, axis=1)"),
    ("stat_ptp", "np.ptp(A, axis=1)"), ("stat_trapz", "np.trapz(W)"),
    ("stat_polyval", "np.polyval(W, V)"), ("stat_interp", "np.interp(V, W, W * 2)"),
    ("stat_cov", "np.cov(A)"), ("stat_corrcoef", "np.corrcoef(A)"),
    ("stat_isclose", "np.isclose(A, A + 1e-9)"), ("stat_vander", "np.vander(W, 3)"),
    ("stat_count_nonzero", "np.count_nonzero(I)"),
    # host-computed (value-dependent shapes)
    ("host_unique", "np.unique(np.array([3., 1., 3., 2.]))"),
    ("host_nonzero", "np.nonzero(I)[1]"), ("host_argwhere", "np.argwhere(I > 2)"),
    ("host_bincount", "np.bincount(np.array([0, 1, 1, 3], dtype='int64'))"),
    ("host_flatnonzero", "np.flatnonzero(I)"),
    ("host_histogram", "np.histogram(V, bins=3)[0]"),
    ("host_delete", "np.delete(V, 1)"), ("host_insert", "np.insert(V, 1, 5.)"),
    ("host_tril_indices_from", "np.tril_indices_from(M)[1]"),
    ("host_diag_indices_from", "np.diag_indices_from(M)[0]"),
    ("host_unravel_index", "np.stack(np.unravel_index(np.array([5, 2], dtype='int64'), (2, 3)))"),
    ("host_array_equal", "np.array_equal(A, A)"),
    ("host_allclose", "np.allclose(A, B)"),
    # indexing (NumPy rules, zero-dim results)
    ("index_int", "A[1]"), ("index_int_int", "A[1, 2]"), ("index_neg", "V[-1]"),
    ("index_slice", "T[:, 1:3, ::2]"), ("index_ellipsis", "T[..., 1]"),
    ("index_newaxis", "A[None, :, 1]"), ("index_bool", "A[A > 0.4]"),
    ("index_bool_row", "A[np.array([True, False])]"),
    ("index_list", "A[[1, 0, 1]]"), ("index_adv2", "A[[0, 1], [2, 0]]"),
    ("index_array", "T[np.array([1, 0], dtype='int64'), :, np.array([3, 1], dtype='int64')]"),
    ("index_mixed", "T[:, [2, 0], 1:3]"),
    # npx
    ("npx_relu", "npx.relu(V)"), ("npx_sigmoid", "npx.sigmoid(V)"),
    ("npx_softmax", "npx.softmax(A)"), ("npx_softmax_axis", "npx.softmax(A, axis=0)"),
    ("npx_log_softmax", "npx.log_softmax(A)"),
    ("npx_activation", "npx.activation(V, act_type='tanh')"),
    ("npx_leaky_relu", "npx.leaky_relu(V, slope=0.1)"),
    ("npx_fully_connected", "npx.fully_connected(A, M, W, num_hidden=3)"),
    ("npx_batch_dot", "npx.batch_dot(T, np.swapaxes(T, 1, 2))"),
    ("npx_batch_flatten", "npx.batch_flatten(T)"),
    ("npx_one_hot", "npx.one_hot(np.array([0, 2, 1], dtype='int32'), 3)"),
    ("npx_pick", "npx.pick(A, np.array([0, 2], dtype='int32'), axis=1)"),
    ("npx_topk", "npx.topk(V, k=2)"),
    ("npx_topk_value", "npx.topk(A, k=2, ret_typ='value')"),
    ("npx_sequence_mask", "npx.sequence_mask(T, np.array([1., 2., 3.]), use_sequence_length=True)"),
    ("npx_reshape_codes", "npx.reshape(T, (-2, -1))"),
    ("npx_reshape_merge", "npx.reshape(T, (-5, -2))"),
    ("npx_reshape_split", "npx.reshape(T, (-2, -6, 3, 1, -2))"),
    ("npx_reshape_reverse", "npx.reshape(T, (-1, 4), reverse=True)"),
    ("npx_nonzero", "npx.nonzero(I)"),
    ("npx_gamma", "npx.gamma(W)"), ("npx_gammaln", "npx.gammaln(W)"),
    ("npx_erf", "npx.erf(V)"), ("npx_erfinv", "npx.erfinv(A)"),
    ("npx_embedding", "npx.embedding(np.array([2., 0.]), M, input_dim=3, output_dim=3)"),
    ("npx_layer_norm", "npx.layer_norm(A, W, W)"),
    ("npx_convolution", "npx.convolution(T[None], np.ones((1, 2, 2, 2)), None, kernel=(2, 2), "
                        "num_filter=1, no_bias=True)"),
    ("npx_pooling", "npx.pooling(T[None], kernel=(2, 2), pool_type='max')"),
    ("npx_smooth_l1", "npx.smooth_l1(V, scalar=1.0)"),
    ("npx_cast", "npx.cast(A, dtype='float16')"),
    ("npx_shape_array", "npx.shape_array(T)"),
    ("npx_gather_nd", "npx.gather_nd(A, np.array([[0, 1], [2, 0]], dtype='int32'))"),
    ("npx_slice", "npx.slice(T, begin=(0, 1), end=(2, 3))"),
    ("npx_reshape_like", "npx.reshape_like(A, np.ones((3, 2)))"),
    ("npx_dropout_predict", "npx.dropout(A, p=0.5)"),
    ("npx_deconvolution", "npx.deconvolution(T[None], np.ones((2, 1, 2, 2)), None, kernel=(2, 2), "
                          "num_filter=1, no_bias=True)"),
    ("npx_roi_pooling", "npx.roi_pooling(T[None], np.array([[0., 0., 0., 2., 1.]]), "
                        "pooled_size=(1, 2), spatial_scale=1.0)"),
    ("npx_multibox_prior", "npx.multibox_prior(T[None], sizes=(0.5,), ratios=(1., 2.))"),
    ("npx_arange_like", "npx.arange_like(A)"),
    ("npx_arange_like_axis", "npx.arange_like(T, start=1., step=2., axis=2)"),
    ("npx_rnn", "npx.rnn(T * 0.1, np.linspace(-0.5, 0.5, 16), np.zeros((1, 3, 2)), "
                "state_size=2, num_layers=1, mode='rnn_tanh')"),
    # linalg
    ("linalg_norm", "np.linalg.norm(A)"), ("linalg_norm_axis", "np.linalg.norm(A, axis=1)"),
    ("linalg_inv", "np.linalg.inv(M)"), ("linalg_det", "np.linalg.det(M)"),
    ("linalg_slogdet", "np.linalg.slogdet(M)[1]"), ("linalg_cholesky", "np.linalg.cholesky(M)"),
    ("linalg_solve", "np.linalg.solve(M, A.T)"), ("linalg_pinv", "np.linalg.pinv(A)"),
    ("linalg_eigvalsh", "np.linalg.eigvalsh(M)"),
    ("linalg_svd_s", "np.linalg.svd(M)[1]"),
    ("linalg_tensorinv", "np.linalg.tensorinv(M, ind=1)"),
]

# gradient cases: (name, function of x as text, input expression)
GRAD = [
    ("grad_exp", "lambda x: np.exp(x)", "A"),
    ("grad_log", "lambda x: np.log(x) * 2", "A"),
    ("grad_sqrt", "lambda x: np.sqrt(x)", "A"),
    ("grad_tanh", "lambda x: np.tanh(x)", "V"),
    ("grad_arctan2", "lambda x: np.arctan2(x, B)", "A"),
    ("grad_power", "lambda x: np.power(x, 3)", "A"),
    ("grad_rpow", "lambda x: 2 ** x", "A"),
    ("grad_maximum", "lambda x: np.maximum(x, B)", "A"),
    ("grad_sum_axis", "lambda x: np.sum(x * x, axis=1)", "A"),
    ("grad_mean", "lambda x: np.mean(x)", "A"),
    ("grad_max", "lambda x: np.max(x, axis=1)", "A"),
    ("grad_prod", "lambda x: np.prod(x)", "A"),
    ("grad_dot", "lambda x: np.dot(x, M)", "A"),
    ("grad_matmul", "lambda x: x @ x.T", "A"),
    ("grad_einsum", "lambda x: np.einsum('ij,ij->i', x, x)", "A"),
    ("grad_index_bool", "lambda x: x[x > 0.4] * 3", "A"),
    ("grad_index_adv", "lambda x: x[[0, 1, 1], [2, 0, 0]]", "A"),
    ("grad_index_slice", "lambda x: x[:, 1:]", "A"),
    ("grad_concatenate", "lambda x: np.concatenate([x, x * 2], axis=0)", "A"),
    ("grad_stack", "lambda x: np.stack([x, x * x])", "A"),
    ("grad_reshape", "lambda x: np.reshape(x, (3, 2)) * np.array([[1.], [2.], [3.]])", "A"),
    ("grad_transpose", "lambda x: np.transpose(x) * M[:, :2]", "A"),
    ("grad_broadcast", "lambda x: x + np.ones((4, 2, 3))", "A"),
    ("grad_where", "lambda x: np.where(x > 0.4, x * x, 0. * x)", "A"),
    ("grad_clip", "lambda x: np.clip(x, 0.2, 0.6)", "A"),
    ("grad_clip_int_bounds", "lambda x: np.clip(x, 0, 1)", "V"),
    ("grad_cumsum", "lambda x: np.cumsum(x, axis=1)", "A"),
    ("grad_split", "lambda x: np.split(x, 3, axis=1)[1] * 5", "A"),
    ("grad_softmax", "lambda x: npx.softmax(x) * B", "A"),
    ("grad_log_softmax", "lambda x: npx.log_softmax(x) * B", "A"),
    ("grad_relu", "lambda x: npx.relu(x)", "V"),
    ("grad_sigmoid", "lambda x: npx.sigmoid(x)", "V"),
    ("grad_fully_connected", "lambda x: npx.fully_connected(x, M, W, num_hidden=3)", "A"),
    ("grad_pick", "lambda x: npx.pick(x, np.array([0, 2], dtype='int32'), axis=1)", "A"),
    ("grad_norm", "lambda x: np.linalg.norm(x)", "A"),
    ("grad_inv", "lambda x: np.linalg.inv(x)", "M"),
    ("grad_det", "lambda x: np.linalg.det(x)", "M"),
    ("grad_setitem_free", "lambda x: np.tile(x, (2, 1))", "A"),
]

# expressions MXNet rejects (MXNetError, or a Python error class for indexing)
ERRORS = [
    ("err_add_shapes", "np.add(np.ones((2, 3)), np.ones((4,)))"),
    ("err_reshape", "np.ones((2, 3)).reshape(4)"),
    ("err_sum_axis", "np.sum(A, axis=3)"),
    ("err_index_range", "A[5]"),
    ("err_dot_shapes", "np.dot(A, A)"),
    ("err_concat_shapes", "np.concatenate([A, W])"),
]
