"""Turn an MXNet checkpoint into a JAX function and a portable ``jax.export`` artifact.

::

    python -m mxjax.convert model-symbol.json model-0000.params \\
        --input-shape data:1,3,224,224 [--out DIR] [--dynamic-batch] [--platforms cpu,cuda]

reads the two files MXNet writes (``HybridBlock.export``, ``Module.save_checkpoint``,
``mx.model.save_checkpoint``) and writes, in ``DIR`` (default: next to the symbol file):

* ``<name>.bin`` — the inference function serialized by ``jax.export`` (StableHLO plus
  its calling convention); it needs only ``jax`` to run, not mxjax:

  .. code-block:: python

      import json, numpy as np, jax
      exp = jax.export.deserialize(bytearray(open("model.bin", "rb").read()))
      params = dict(np.load("model.params.npz"))
      out = exp.call(params, x)                       # x: float32[1, 3, 224, 224]

* ``<name>.params.npz`` — the parameters and auxiliary states, by MXNet name;
* ``<name>.json`` — inputs (names, shapes, dtypes), outputs, parameter names,
  platforms and the calling convention;
* ``<name>.mlir`` — the StableHLO text, for reading.

The same in Python: :func:`load_checkpoint_function` gives ``(apply, params)`` with
``apply(params, *inputs)`` a pure JAX function (``jax.jit``, ``jax.grad``,
``jax.vmap``) and ``params`` a ``{name: jax.Array}`` pytree; :func:`export_checkpoint`
writes the artifact. Both run the graph through a ``gluon.SymbolBlock`` made a pure
function by ``mxjax.interop.block_to_jax`` (``mxjax.functionalize`` underneath), in
inference mode (BatchNorm uses its moving statistics, Dropout is the identity).

Serializing needs the ``flatbuffers`` package (an optional dependency of JAX).
"""
import argparse
import json
import os
import sys

import numpy as np
import jax
import jax.numpy as jnp

from .base import MXNetError

__all__ = ["load_checkpoint_function", "export_checkpoint", "main"]

FORMAT = "mxjax.convert/1"
# names MXNet gives parameters (a free argument named so is a parameter missing from the file)
_PARAM_SUFFIXES = ("_weight", "_bias", "_gamma", "_beta", "_moving_mean", "_moving_var",
                   "_running_mean", "_running_var")


def _split(loaded):
    """``{name: NDArray}`` from a ``.params`` dict with or without ``arg:``/``aux:``."""
    out = {}
    for key, value in loaded.items():
        name = key.split(":", 1)[1] if key.startswith(("arg:", "aux:")) else key
        out[name] = value
    return out


def _parse_shape(text):
    name, sep, dims = text.rpartition(":")
    if not sep or not name:
        raise MXNetError("convert: --input-shape must look like data:1,3,224,224 (got %r)"
                         % text)
    try:
        shape = tuple(int(d) for d in dims.replace("x", ",").split(",") if d.strip())
    except ValueError:
        raise MXNetError("convert: bad dimensions in --input-shape %r" % text) from None
    return name, shape


def _graph_inputs(sym, params, input_shapes):
    """``(inputs, fillers)``: the arguments fed by the caller (in ``input_shapes`` order,
    else every non-parameter argument not named like a label) and the remaining
    non-parameter arguments (loss-head labels), which are fed zeros."""
    free = [n for n in sym.list_arguments() if n not in params]
    if input_shapes:
        unknown = [n for n in input_shapes if n not in free]
        if unknown:
            raise MXNetError("convert: %s %s not an input of the symbol (its inputs: %s)"
                             % (", ".join(unknown), "is" if len(unknown) == 1 else "are",
                                ", ".join(free) or "none"))
        inputs = list(input_shapes)
    else:
        looks_like_param = [n for n in free if n.endswith(_PARAM_SUFFIXES)]
        if looks_like_param:
            raise MXNetError("convert: parameter %s is missing in the parameter file (give "
                             "input_names / --input-shape if it is really an input)"
                             % looks_like_param[0])
        inputs = [n for n in free if not n.endswith("label")]
    fillers = [n for n in free if n not in inputs]
    unfed = [n for n in fillers if not n.endswith("label")]
    if unfed:
        raise MXNetError("convert: input %s of the symbol is neither in the parameter file "
                         "nor given (give every input: --input-shape %s:...)"
                         % (unfed[0], unfed[0]))
    return inputs, fillers


def load_checkpoint_function(symbol_file, param_file, input_names=None, ctx=None):
    """An MXNet checkpoint as a pure JAX function and a parameter pytree.

    Parameters
    ----------
    symbol_file : str
        ``prefix-symbol.json``.
    param_file : str
        ``prefix-%04d.params`` (``arg:``/``aux:`` keys, or plain names).
    input_names : list of str, optional
        The graph inputs, in call order. Default: every argument of the symbol that
        is not in the parameter file and whose name does not end in ``label``; other
        free arguments (a loss head's label) are fed zeros of their inferred shape.
    ctx : Context, optional
        Where the parameters live (default: the current context).

    Returns
    -------
    apply : callable
        ``apply(params, *inputs)`` -> the output ``jax.Array`` (a tuple when the symbol
        has several outputs); a pure function of JAX arrays, inference mode.
    params : dict of str to jax.Array
        Parameters and auxiliary states keyed by their MXNet names.

    Examples
    --------
    >>> apply, params = mxjax.convert.load_checkpoint_function(
    ...     "resnet18-symbol.json", "resnet18-0000.params")
    >>> out = jax.jit(apply)(params, jnp.zeros((1, 3, 224, 224), jnp.float32))
    """
    from . import ndarray as nd
    from . import symbol as _sym
    from .gluon import SymbolBlock
    from .interop import block_to_jax, params_to_pytree

    sym = _sym.load(symbol_file)
    loaded = _split(nd.load(param_file))
    wanted = set(sym.list_arguments()) | set(sym.list_auxiliary_states())
    params = {k: v for k, v in loaded.items() if k in wanted}
    inputs, fillers = _graph_inputs(sym, params, dict.fromkeys(input_names or []))
    if not inputs:
        raise MXNetError("convert: the symbol has no input left once the parameters of %s "
                         "are bound (arguments: %s)" % (param_file,
                                                        ", ".join(sym.list_arguments())))
    missing = [n for n in wanted if n not in params and n not in inputs + fillers]
    if missing:
        raise MXNetError("convert: parameter %s is missing in %s" % (sorted(missing)[0],
                                                                     param_file))
    block = SymbolBlock(sym, [_sym.var(n) for n in inputs + fillers])
    block.collect_params().load(param_file, ctx, allow_missing=False, ignore_extra=True,
                                cast_dtype=True, dtype_source="saved")
    tree = params_to_pytree(block, ctx)
    run = block_to_jax(block, ctx=ctx)
    n_out = len(sym.list_outputs())

    def apply(params, *xs):
        if len(xs) != len(inputs):
            raise MXNetError("convert: the model takes %d inputs (%s), got %d"
                             % (len(inputs), ", ".join(inputs), len(xs)))
        extra = [jnp.zeros(s, jnp.float32) for s in _filler_shapes(sym, inputs, fillers, xs)]
        out = run(params, *xs, *extra, rng=jnp.zeros((2,), jnp.uint32))
        if n_out > 1:
            return tuple(out)
        return out

    apply.input_names = list(inputs)
    apply.output_names = sym.list_outputs()
    apply.__name__ = "apply_" + os.path.basename(symbol_file).replace("-symbol.json", "")
    return apply, tree


def _filler_shapes(sym, inputs, fillers, xs):
    """Shapes of the filler (label) inputs, inferred from the inputs' shapes; a symbolic
    batch dimension (``--dynamic-batch``) is carried over to a filler whose leading
    dimension is the batch."""
    if not fillers:
        return []
    probe = 2 if not isinstance(xs[0].shape[0], int) else xs[0].shape[0]
    shapes = {n: tuple(d if isinstance(d, int) else probe for d in x.shape)
              for n, x in zip(inputs, xs)}
    arg_shapes, _, _ = sym.infer_shape_partial(**shapes)
    found = dict(zip(sym.list_arguments(), arg_shapes or []))
    out = []
    for n in fillers:
        s = found.get(n)
        if not s or any(d <= 0 for d in s):
            raise MXNetError("convert: cannot infer the shape of %s from the inputs; give it "
                             "as an input (--input-shape %s:...)" % (n, n))
        s = tuple(s)
        out.append((xs[0].shape[0],) + s[1:] if s[0] == probe else s)
    return out


def export_checkpoint(symbol_file, param_file, input_shapes, out_dir=None, input_dtypes=None,
                      dynamic_batch=False, platforms=None, name=None):
    """Write the ``jax.export`` artifact of an MXNet checkpoint (see the module doc).

    Parameters
    ----------
    symbol_file, param_file : str
    input_shapes : dict of str to tuple
        Every input of the model (the order is the call order).
    out_dir : str, optional
        Default: the symbol file's directory.
    input_dtypes : dict of str to dtype, optional
        Default float32.
    dynamic_batch : bool, default False
        Export with a symbolic leading (batch) dimension shared by all inputs.
    platforms : list of str, optional
        Platforms to lower for (``'cpu'``, ``'cuda'``, ``'rocm'``, ``'tpu'``);
        default: JAX's default backend.
    name : str, optional
        File stem; default: the symbol file's name without ``-symbol.json``.

    Returns
    -------
    dict
        Paths written (``'bin'``, ``'params'``, ``'meta'``, ``'mlir'``) and the
        metadata (``'meta_data'``).
    """
    if not input_shapes:
        raise MXNetError("convert: give the shape of every input (--input-shape "
                         "data:1,3,224,224)")
    try:
        import flatbuffers  # noqa: F401  (jax.export's serializer needs it)
    except ImportError:
        raise MXNetError("convert: serializing with jax.export needs the 'flatbuffers' "
                         "package (pip install flatbuffers)") from None
    input_dtypes = {k: np.dtype(v) for k, v in (input_dtypes or {}).items()}
    apply, params = load_checkpoint_function(symbol_file, param_file, list(input_shapes))
    names = apply.input_names
    if dynamic_batch:
        dims = jax.export.symbolic_shape("b")
        specs = [jax.ShapeDtypeStruct(dims + tuple(input_shapes[n][1:]),
                                      input_dtypes.get(n, np.dtype(np.float32)))
                 for n in names]
    else:
        specs = [jax.ShapeDtypeStruct(tuple(input_shapes[n]),
                                      input_dtypes.get(n, np.dtype(np.float32)))
                 for n in names]
    param_specs = {k: jax.ShapeDtypeStruct(v.shape, v.dtype) for k, v in params.items()}
    kwargs = {"platforms": list(platforms)} if platforms else {}
    try:
        exported = jax.export.export(jax.jit(apply), **kwargs)(param_specs, *specs)
    except MXNetError:
        raise
    except Exception as err:  # lowering errors name the operator that failed
        raise MXNetError("convert: jax.export failed for %s: %s" % (symbol_file, err)) from None
    out_dir = out_dir or os.path.dirname(os.path.abspath(symbol_file))
    os.makedirs(out_dir, exist_ok=True)
    if name is None:
        base = os.path.basename(symbol_file)
        name = base[:-len("-symbol.json")] if base.endswith("-symbol.json") else \
            os.path.splitext(base)[0]
    paths = {k: os.path.join(out_dir, name + ext) for k, ext in
             (("bin", ".bin"), ("params", ".params.npz"), ("meta", ".json"),
              ("mlir", ".mlir"))}
    with open(paths["bin"], "wb") as f:
        f.write(exported.serialize())
    np.savez(paths["params"], **{k: np.asarray(v) for k, v in params.items()})
    with open(paths["mlir"], "w") as f:
        f.write(exported.mlir_module())
    meta = {
        "format": FORMAT,
        "source": {"symbol": os.path.basename(symbol_file),
                   "params": os.path.basename(param_file)},
        "inputs": [{"name": n, "shape": [str(d) for d in s.shape], "dtype": str(s.dtype)}
                   for n, s in zip(names, specs)],
        "outputs": [{"name": n, "shape": [str(d) for d in a.shape], "dtype": str(a.dtype)}
                    for n, a in zip(apply.output_names, exported.out_avals)],
        "params": sorted(params),
        "platforms": list(exported.platforms),
        "call": "jax.export.deserialize(bin).call(params, %s) with params = "
                "dict(numpy.load(params.npz))" % ", ".join(names),
    }
    with open(paths["meta"], "w") as f:
        json.dump(meta, f, indent=1)
    paths["meta_data"] = meta
    return paths


def main(argv=None):
    """Command line: ``python -m mxjax.convert SYMBOL PARAMS [options]``."""
    parser = argparse.ArgumentParser(
        prog="python -m mxjax.convert",
        description="Convert an MXNet checkpoint (symbol JSON + params) into a portable "
                    "jax.export artifact (serialized StableHLO + parameters) that runs "
                    "with JAX alone.")
    parser.add_argument("symbol_file", help="model-symbol.json")
    parser.add_argument("param_file", help="model-0000.params")
    parser.add_argument("--out", default=None, help="output directory (default: next to "
                                                    "the symbol file)")
    parser.add_argument("--name", default=None, help="file stem of the artifact")
    parser.add_argument("--input-shape", action="append", default=[], metavar="NAME:D1,D2,..",
                        help="shape of an input, e.g. data:1,3,224,224 (repeat for each "
                             "input, in call order)")
    parser.add_argument("--input-dtype", action="append", default=[], metavar="NAME:DTYPE",
                        help="dtype of an input (default float32)")
    parser.add_argument("--dynamic-batch", action="store_true",
                        help="export with a symbolic batch (first) dimension")
    parser.add_argument("--platforms", default=None,
                        help="comma-separated platforms to lower for (cpu,cuda,rocm,tpu); "
                             "default: JAX's default backend")
    args = parser.parse_args(argv)
    try:
        shapes = dict(_parse_shape(s) for s in args.input_shape)
        dtypes = {}
        for text in args.input_dtype:
            n, sep, dt = text.rpartition(":")
            if not sep:
                raise MXNetError("convert: --input-dtype must look like data:float16")
            dtypes[n] = dt
        if not shapes:
            raise MXNetError("convert: give the shape of every input with --input-shape "
                             "NAME:D1,D2,... (e.g. data:1,3,224,224)")
        platforms = args.platforms.split(",") if args.platforms else None
        paths = export_checkpoint(args.symbol_file, args.param_file, shapes, args.out,
                                  dtypes, args.dynamic_batch, platforms, args.name)
    except MXNetError as err:
        print("error: %s" % err, file=sys.stderr)
        return 2
    meta = paths["meta_data"]
    for key in ("bin", "params", "meta", "mlir"):
        print("wrote %s" % paths[key])
    print("inputs: %s" % ", ".join("%s %s[%s]" % (i["name"], i["dtype"], ",".join(i["shape"]))
                                   for i in meta["inputs"]))
    print("outputs: %s" % ", ".join("%s %s[%s]" % (o["name"], o["dtype"], ",".join(o["shape"]))
                                    for o in meta["outputs"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
