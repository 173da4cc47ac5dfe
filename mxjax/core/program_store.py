"""Compiled training steps kept on disk, found in a later run without tracing them.

JAX's persistent compilation cache (``mxjax.compile_cache``) finds a program by the hash
of its lowered module, so a later run still traces and lowers the program before it can
load it: for a hybridized ResNet-20's fused training step (backward and update as one
program) 0.37 s of a 1.17 s first step. This store keeps the compiled executables of
such programs under a key computed without tracing, from what determines the program:

* the recorded structure — operator names, attributes, wiring, shapes and dtypes;
* for each operator whose function is not fixed by its name and attributes (a hybridized
  block's forward, a control-flow subgraph: any operator not registered with
  ``stable=True``), the text of its jaxpr and a hash of its constants;
* what the caller adds (the optimizer's static settings and hyperparameter layout);
* the versions of JAX and jaxlib, a fingerprint of mxjax's own source files (their
  sizes and modification times), the ``MXNET_``/``JAX_``/``XLA_`` environment
  variables, the JAX settings a trace reads, the XLA options, the devices and the
  arguments' avals.

A structure that cannot be described stably (a function shown with its address: a host
callback, a Python custom operator) is not stored. A program loaded for arguments it was
not compiled for runs ``jax.jit``'s own program instead (``background._Program``). Only a program compiled in this
process is kept: an executable JAX loaded from its own cache serializes without its code
(so a program already in JAX's cache from an earlier mxjax version is kept once that
entry is gone). Entries are pickles of XLA executables, loaded from the user's own cache
folder as JAX loads its own.
Files live in the persistent cache's folder (``mxjax-step-<sha256>``), which
``mxjax.compile_cache`` keeps under its size bound; ``MXJAX_PROGRAM_STORE=0`` turns
the store off.
"""
import hashlib
import os
import pickle
import threading
import zlib
from functools import partial

import numpy as np
import jax

from . import background, cache
from .cache import counters
from .op import _OPS
from .plan import args_of

__all__ = ["folder", "enabled", "describe_plan", "program"]

PREFIX = "mxjax-step-"
_UNSTABLE = (" at 0x", " object at ")
_spec = jax.ShapeDtypeStruct
_salt = []


def folder():
    """The folder of the stored programs: the persistent compilation cache's (None: off)."""
    return jax.config.jax_compilation_cache_dir or None


def enabled():
    """Whether compiled steps are stored: there is a :func:`folder` and
    ``MXJAX_PROGRAM_STORE`` is not ``0``."""
    return os.environ.get("MXJAX_PROGRAM_STORE", "1") != "0" and folder() is not None


def _stable_op(op):
    """Whether ``op``'s function is fixed by its name and attributes (mxjax's code)."""
    base = getattr(op, "scalar_of", None) or op
    return getattr(base, "stable", False) and _OPS.get(base.name) is base


def _source_fingerprint():
    """Sizes and modification times of mxjax's Python files (an edited operator must
    not find the program of its old code)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                st = os.stat(os.path.join(dirpath, name))
                h.update(("%s/%s %d %d;" % (dirpath[len(root):], name, st.st_size,
                                            st.st_mtime_ns)).encode())
    return h.hexdigest()


# JAX settings a trace depends on (read at every lookup: a program may change them)
_JAX_FLAGS = ("jax_enable_x64", "jax_default_matmul_precision", "jax_threefry_partitionable",
              "jax_default_prng_impl", "jax_numpy_dtype_promotion", "jax_numpy_rank_promotion")


def _environment():
    """The versions, sources, settings and devices every key depends on."""
    if not _salt:
        import jaxlib
        devices = jax.devices()
        # MXNet's environment variables (an operator may read one while traced, e.g.
        # MXNET_SAFE_ACCUMULATION), JAX's and XLA's (XLA_FLAGS changes what XLA
        # compiles); mxjax's own (MXJAX_*) choose when and where programs compile, not
        # what they compute (its XLA options are ``cache.compiler_options()``, below)
        env = sorted((k, v) for k, v in os.environ.items()
                     if k.startswith(("MXNET_", "JAX_", "XLA_")))
        _salt.append(repr((jax.__version__, getattr(jaxlib, "__version__", ""),
                           _source_fingerprint(), env,
                           sorted(cache.compiler_options().items()),
                           jax.default_backend(),
                           [(d.platform, d.device_kind, d.id) for d in devices])))
    return "%s %r" % (_salt[0], [getattr(jax.config, f, None) for f in _JAX_FLAGS])


def describe_plan(g, key):
    """A text fixing the program of plan ``g`` whose structure key is ``key`` (from
    ``plan.vjp_program``: its second item the nodes' ``(name, attributes, wiring)``), or
    None when an operator's function cannot be traced on avals alone. (A text showing
    an address — a host callback's function — is refused by :func:`program`.)"""
    structure = []
    jaxprs = []
    specs = None   # the avals of every node output, variable and constant
    for p, (node, wiring) in enumerate(zip(g.nodes, g.program)):
        if _stable_op(node.op):
            structure.append((node.op.name, node.akey, wiring))
            continue
        # its attributes are bound into the function its jaxpr shows (a hybridized
        # block's are a process-wide counter, which another run may number otherwise)
        structure.append((node.op.name, wiring))
        if specs is None:
            specs = ([[_spec(a.shape, a.dtype) for a in n.avals] for n in g.nodes],
                     [_spec(*sig) for sig in g.var_sig],
                     [_spec(c.shape, c.dtype) for c in g.consts])
        try:
            closed = jax.make_jaxpr(node.call)(*args_of(wiring, *specs))
        except Exception:  # noqa: BLE001 - not traceable on avals alone: not stored
            return None
        consts = hashlib.sha256()
        for c in closed.consts:
            a = np.asarray(c)
            consts.update(repr((a.shape, a.dtype.str)).encode())
            consts.update(a.tobytes())
        jaxprs.append("%d:%s:%s" % (p, closed.jaxpr, consts.hexdigest()))
    return "\n".join([repr((key[0], structure) + tuple(key[2:]))] + jaxprs)


def _arg_spec(a):
    aval = getattr(a, "aval", None)
    sharding = getattr(a, "sharding", None)
    devices = sorted(d.id for d in sharding.device_set) if sharding is not None else None
    if aval is not None:
        return (aval.shape, str(aval.dtype), aval.weak_type, devices)
    if hasattr(a, "shape") and hasattr(a, "dtype"):   # a NumPy array: a value, not code
        return (tuple(a.shape), str(a.dtype))
    return type(a).__name__


def _path(description, args):
    """The file of the program ``description`` fixes for ``args``; None when the text
    shows an address (it would differ in every run, or name another function)."""
    leaves, tree = jax.tree_util.tree_flatten(args)
    text = "%s\n%s\n%s\n%r" % (_environment(), description, tree,
                                [_arg_spec(a) for a in leaves])
    if any(u in text for u in _UNSTABLE):
        return None
    return os.path.join(folder(), PREFIX + hashlib.sha256(text.encode()).hexdigest())


def _load(path):
    from jax.experimental import serialize_executable
    try:
        with open(path, "rb") as f:
            payload, in_tree, out_tree = pickle.loads(zlib.decompress(f.read()))
        return serialize_executable.deserialize_and_load(payload, in_tree, out_tree)
    except Exception:  # noqa: BLE001 - none kept, or a damaged or foreign entry:
        return None       # compile instead


def _save(path, compiled):
    from jax.experimental import serialize_executable
    try:
        data = zlib.compress(pickle.dumps(serialize_executable.serialize(compiled)))
        tmp = "%s.%d.%d.tmp" % (path, os.getpid(), threading.get_ident())
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        counters["stored_programs"] += 1
    except Exception:  # noqa: BLE001 - a full disk or an unserializable program:
        pass              # the next run compiles it again


def program(description, jitted, args, in_background=False):
    """The compiled ``jitted`` for ``args``, from the store when a run has kept it, else
    compiled and kept.

    Parameters
    ----------
    description : str
        What fixes the program (see the module docstring), e.g. from :func:`describe_plan`.
    jitted : callable
        The ``jax.jit`` program (its ``lower``), also run for arguments the stored
        program was not compiled for.
    args : list
        Arguments (or their ``ShapeDtypeStruct``) the program is called with.
    in_background : bool
        When the store has no program: compile it on the background thread
        (``mxjax.core.background``) and return that job, instead of compiling it now.

    Returns
    -------
    callable, background.Job or None
        None when ``description`` is None or the arguments cannot be described.
    """
    if description is None:
        return None
    path = _path(description, args)
    if path is None:
        return None
    compiled = _load(path)
    if compiled is not None:
        counters["stored_program_loads"] += 1
        return background._Program(compiled, jitted, path)
    if in_background:
        return background.submit(jitted, args, then=partial(_keep, path))
    compiled, loaded = background.compile_ahead(jitted, args)
    _keep(path, compiled, loaded)
    return background._Program(compiled, jitted)


def _keep(path, compiled, loaded):
    """Keep ``compiled`` unless JAX may have loaded it from its own cache: such an
    executable serializes without its code (running the copy fails: "NOT_FOUND:
    Function ... not found")."""
    if not loaded:
        _save(path, compiled)
