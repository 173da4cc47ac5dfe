"""Imperative control flow of ``mx.nd.contrib``: ``foreach``, ``while_loop``, ``cond``.

As in imperative MXNet, the Python body runs step by step on real values with
ordinary (recorded) operators, so gradients flow through the loop under
``autograd.record()`` with no special support.

Inside a trace (a hybridized block's forward, ``mx.functionalize``) the loop
condition and the predicate are not concrete values: there ``while_loop`` runs as
a ``jax.lax.scan`` of ``max_iterations`` masked steps (reverse-differentiable;
steps after the condition turns false leave the variables unchanged and output
zeros) and ``cond`` as ``jax.lax.cond`` (both branches must give the same shapes
and dtypes); anything JAX refuses there is an MXNetError.
"""
import jax
import jax.numpy as jnp

from ..base import MXNetError
from .handle import NDArray
from .creation import zeros
from .registry import invoke, get_op

__all__ = ["foreach", "while_loop", "cond"]


def _traced(value):
    """Whether ``value`` is an NDArray holding a JAX tracer (inside jit / a hybridized
    forward), so its value cannot be read."""
    return isinstance(value, NDArray) and isinstance(value._value, jax.core.Tracer)


def _as_pred(value, what):
    data = value._value if isinstance(value, NDArray) else jnp.asarray(value)
    if data.size != 1:
        raise MXNetError("%s must have one element, got shape %s" % (what, tuple(data.shape)))
    return jnp.reshape(data, ()) != 0


def _wrap_all(datas, ctx):
    return [NDArray._from_jax(d, ctx) for d in datas]


def _flatten(args, what, leaf=NDArray):
    """Flatten a nested list of NDArrays (of ``leaf`` objects: ``mx.sym``'s control flow
    passes Symbol); returns (flat list, format to regroup)."""
    if isinstance(args, leaf):
        return [args], 0
    if not isinstance(args, (list, tuple)):
        raise AssertionError("%s must be (nested) list of %s, but got %s of type %s"
                             % (what, leaf.__name__, str(args), str(type(args))))
    flat, fmt = [], []
    for a in args:
        f, sub = _flatten(a, what, leaf)
        flat.extend(f)
        fmt.append(sub)
    return flat, fmt


def _regroup(flat, fmt):
    """Rebuild the nesting ``fmt`` (from ``_flatten``) from a flat list."""
    if isinstance(fmt, int):
        if fmt == 0:
            return flat[0], flat[1:]
        return flat[:fmt], flat[fmt:]
    out = []
    for sub in fmt:
        item, flat = _regroup(flat, sub)
        out.append(item)
    return out, flat


def _count_subgraphs(name, suffixes):
    """Count the subgraphs the symbolic form of a control-flow call in a hybridized
    forward makes (MXNet's ``AttrScope._subgraph_names``)."""
    from ..attribute import AttrScope, current
    prefix = current()._attr.get("__subgraph_name__", "")
    for suffix in suffixes:
        key = name + suffix
        AttrScope._subgraph_names[prefix + "$" + key if prefix else key] += 1


def _stack(items):
    return invoke(get_op("stack"), list(items), {"axis": 0})


def foreach(body, data, init_states, name="foreach"):
    """Run ``body`` on each slice of ``data`` along axis 0, threading loop states.

    Parameters
    ----------
    body : callable
        ``out, states = body(data_slice, states)``; ``data_slice`` is an NDArray (or a
        list of them when ``data`` is a list), ``out`` an NDArray or nested list.
    data : NDArray or list of NDArray
        Iterated over along axis 0.
    init_states : NDArray or nested list of NDArray
        The initial loop states.
    name : str, default 'foreach'
        The subgraph's name in MXNet's symbolic form (``F.contrib.foreach`` in a
        hybridized forward); MXNet's imperative form has no such argument.

    Returns
    -------
    outputs : NDArray or nested list of NDArray
        Every step's ``out``, stacked along a new axis 0.
    states : NDArray or nested list of NDArray
        The states after the last step.

    Examples
    --------
    >>> step = lambda x, states: (x + states[0], [states[0] * 2])
    >>> outs, states = mx.nd.contrib.foreach(step, mx.nd.ones((2, 3)), [mx.nd.ones((3,))])
    """
    flat, _ = _flatten(data, "foreach input")
    if not all(isinstance(d, NDArray) for d in flat):
        raise AssertionError("data should be an NDArray or a nested list of NDArrays")
    if any(_traced(d) for d in flat):
        _count_subgraphs(name, ("",))
    _flatten(init_states, "foreach states")
    single = isinstance(data, NDArray)
    steps = data.shape[0] if single else data[0].shape[0]
    states = init_states
    per_step = []
    out_fmt = None
    for i in range(steps):
        piece = data[i] if single else [d[i] for d in data]
        outs, states = body(piece, states)
        outs, out_fmt = _flatten(outs, "foreach output")
        per_step.append(outs)
    stacked = [_stack(list(items)) for items in zip(*per_step)]
    if out_fmt is None:
        return [], states
    outputs, _ = _regroup(stacked, out_fmt)
    return outputs, states


def _scalar(value, type_, what):
    if isinstance(value, NDArray):
        value = value.asscalar()
    try:
        return type_(value)
    except Exception:  # noqa: BLE001 - reported as MXNet does
        raise ValueError("Cannot convert %s to python %s" % (what, type_.__name__)) from None


def while_loop(cond, func, loop_vars, max_iterations=None, name="while_loop"):
    """Run ``func`` while ``cond`` holds, at most ``max_iterations`` times.

    Parameters
    ----------
    cond : callable
        ``cond(*loop_vars)`` returns a scalar NDArray (or bool).
    func : callable
        ``step_output, new_loop_vars = func(*loop_vars)``; either may be None.
    loop_vars : NDArray or list of NDArray
    max_iterations : int
        Required. The stacked outputs have this length along axis 0; rows past the
        steps actually run are padding (zeros here; uninitialised in MXNet).
    name : str, default 'while_loop'
        The subgraphs' name in MXNet's symbolic form (``F.contrib.while_loop`` in a
        hybridized forward); MXNet's imperative form has no such argument.

    Returns
    -------
    outputs : list of NDArray
        The step outputs stacked along axis 0 (``[]`` when no step ran).
    loop_vars : NDArray or list of NDArray
        The final loop variables.
    """
    if max_iterations is None:
        raise ValueError("max_iterations should be specified")
    max_iterations = _scalar(max_iterations, int, "max_iteration")
    if not isinstance(loop_vars, NDArray) and len(loop_vars) == 0:
        raise ValueError("loop_vars should contain at least one element")
    single = isinstance(loop_vars, NDArray)
    loop_vars = [loop_vars] if single else list(loop_vars)
    try:
        flat_vars, var_fmt = _flatten(loop_vars, "while loop_vars")
    except AssertionError:      # not NDArrays: only the imperative loop takes them
        flat_vars, var_fmt = loop_vars, None
    if var_fmt is not None and any(_traced(v) for v in flat_vars):
        # nested lists of loop variables are flattened for the scan and regrouped after
        _count_subgraphs(name, ("_cond", "_func"))
        stacked, flat_vars = _traced_while_loop(cond, func, flat_vars, var_fmt,
                                                max_iterations)
        loop_vars, _ = _regroup(flat_vars, var_fmt)
        return stacked, (loop_vars[0] if single else loop_vars)
    steps = 0
    outputs = []
    out_fmt = None
    while steps < max_iterations and _scalar(cond(*loop_vars), bool, "Return value of cond"):
        step_output, new_vars = func(*loop_vars)
        if step_output is None:
            step_output = []
        if new_vars is None:
            new_vars = []
        new_vars = [new_vars] if isinstance(new_vars, NDArray) else list(new_vars)
        if len(new_vars) != len(loop_vars):
            raise ValueError("The length of loop_vars should be consistent during the loop")
        loop_vars = new_vars
        if isinstance(step_output, tuple):
            step_output = list(step_output)
        step_output, out_fmt = _flatten(step_output, "while output")
        outputs.append(step_output)
        steps += 1
        if len(step_output) != len(outputs[0]):
            raise ValueError("Number of elements in step_output should be the same in "
                             "each step")
    stacked = []
    for i, items in enumerate(zip(*outputs), 1):
        shapes = {tuple(x.shape) for x in items}
        if len(shapes) != 1:
            raise ValueError("\n".join(
                ["Shapes of %d-th elements in step_outputs are inconsistent, which are:" % i]
                + ["  Step %d, shape is %s" % (k, str(x.shape)) for k, x in enumerate(items)]))
        rows = [x.expand_dims(0) for x in items]
        if steps != max_iterations:
            rows.append(zeros((max_iterations - steps,) + tuple(items[0].shape),
                              ctx=items[0].context, dtype=items[0].dtype))
        stacked.append(invoke(get_op("Concat"), rows, {"dim": 0}))
    if out_fmt is not None:
        stacked, _ = _regroup(stacked, out_fmt)
    return stacked, (loop_vars[0] if single else loop_vars)


def cond(pred, then_func, else_func, name="cond"):
    """Run ``then_func()`` if the scalar ``pred`` is true, else ``else_func()``.

    Parameters
    ----------
    pred : NDArray
        A one-element array (or anything ``bool`` accepts).
    then_func, else_func : callable
        Take no arguments; return an NDArray or nested list of NDArrays.
    name : str, default 'cond'
        The subgraphs' name in MXNet's symbolic form (``F.contrib.cond`` in a
        hybridized forward); MXNet's imperative form has no such argument.

    Returns
    -------
    The chosen function's result.
    """
    if _traced(pred):
        _count_subgraphs(name, ("_pred", "_then", "_else"))
        return _traced_cond(pred, then_func, else_func)
    if hasattr(pred, "asscalar"):
        pred = pred.asscalar()
    try:
        branch = bool(pred)
    except Exception:  # noqa: BLE001
        raise ValueError("Cannot convert pred to python bool") from None
    return then_func() if branch else else_func()



def _step_lists(step_output, new_vars, n_vars):
    if step_output is None:
        step_output = []
    if new_vars is None:
        new_vars = []
    new_vars = [new_vars] if isinstance(new_vars, NDArray) else list(new_vars)
    new_vars, _ = _flatten(new_vars, "while loop_vars")
    if len(new_vars) != n_vars:
        raise ValueError("The length of loop_vars should be consistent during the loop")
    if isinstance(step_output, tuple):
        step_output = list(step_output)
    flat, fmt = _flatten(step_output, "while output")
    return flat, fmt, new_vars


def _traced_while_loop(cond, func, loop_vars, var_fmt, max_iterations):
    """while_loop on traced values: a scan of ``max_iterations`` masked steps.

    ``loop_vars`` is the flat list of loop variables, ``var_fmt`` the nesting that
    ``cond`` and ``func`` receive them in (from ``_flatten``); the final variables are
    returned flat.
    """
    ctx = loop_vars[0].context
    fmt_box = []

    def step(carry, _):
        active, datas = carry
        nds, _ = _regroup(_wrap_all(datas, ctx), var_fmt)
        go = jnp.logical_and(active, _as_pred(cond(*nds), "Return value of cond"))
        flat, fmt, new_vars = _step_lists(*func(*nds), n_vars=len(datas))
        if not fmt_box:
            fmt_box.append(fmt)
        new = [jnp.where(go, n._value.astype(d.dtype), d) for n, d in zip(new_vars, datas)]
        outs = [jnp.where(go, o._value, jnp.zeros_like(o._value)) for o in flat]
        return (go, new), outs

    try:
        (_, final), outs = jax.lax.scan(step, (jnp.asarray(True), [v._value for v in loop_vars]),
                                        None, length=max_iterations)
    except (MXNetError, ValueError, AssertionError):
        raise
    except Exception as err:  # noqa: BLE001 - JAX's refusal, reported as MXNetError
        raise MXNetError("while_loop inside a traced (hybridized) forward failed: %s"
                         % str(err).split("\n")[0]) from None
    stacked = _wrap_all(outs, ctx)
    if fmt_box and fmt_box[0] is not None and stacked:
        stacked, _ = _regroup(stacked, fmt_box[0])
    return stacked, _wrap_all(final, ctx)


def _traced_cond(pred, then_func, else_func):
    """cond on a traced predicate: ``jax.lax.cond`` of the two branches."""
    ctx = pred.context
    fmt_box = {}

    def branch(fn, name):
        def run(_):
            flat, fmt = _flatten(fn(), "cond output")
            fmt_box[name] = fmt
            return [o._value for o in flat]
        return run

    try:
        flat = jax.lax.cond(_as_pred(pred, "pred"), branch(then_func, "then"),
                            branch(else_func, "else"), None)
    except (MXNetError, ValueError, AssertionError):
        raise
    except Exception as err:  # noqa: BLE001 - JAX's refusal, reported as MXNetError
        raise MXNetError("cond inside a traced (hybridized) forward: then_func and else_func "
                         "must return the same shapes and dtypes there: %s"
                         % str(err).split("\n")[0]) from None
    out, _ = _regroup(_wrap_all(flat, ctx), fmt_box["then"])
    return out
