"""``mx.viz``: a layer table of a Symbol (``print_summary``) and a graphviz drawing of it
(``plot_network``), read from the symbol's JSON graph as MXNet 1.9.1 does.

The table reproduces MXNet's, quirks included: a parameter count is derived from the
operator's attributes and the channel count (first non-batch dimension) of the inputs
listed in the "Previous Layer" column, which are the operator inputs plus the graph's
first node (MXNet reads the first head entry ``[node, index, version]`` as a set of
node ids, so node 0, usually ``data``, counts as a shown layer). Without ``shape``,
counts that need an input's channels come out as MXNet prints them (bias only).
"""
import copy
import json
import re
import warnings

from .symbol import Symbol

__all__ = ["print_summary", "plot_network"]


def _ints(text):
    """The integers written in an attribute such as ``'(3, 3)'``, as strings."""
    return re.findall(r"\d+", text)


def _shapes_of_internals(symbol, shape):
    """``{output name: shape}`` of every internal output, from the input shapes."""
    internals = symbol.get_internals()
    _, out_shapes, _ = internals.infer_shape(**shape)
    if out_shapes is None:
        raise ValueError("Input shape is incomplete")
    return dict(zip(internals.list_outputs(), out_shapes))


def _output_key(node):
    return node["name"] + ("_output" if node["op"] != "null" else "")


def _param_count(node, shapes, in_channels):
    """Parameters MXNet's summary attributes to ``node``."""
    op, attrs = node["op"], node.get("attrs", {})
    no_bias = attrs.get("no_bias") == "True"
    if op == "Convolution":
        filters = int(attrs["num_filter"])
        count = in_channels * filters // int(attrs.get("num_group", "1"))
        for k in _ints(attrs["kernel"]):
            count *= int(k)
        return count if no_bias else count + filters
    if op == "FullyConnected":
        hidden = int(attrs["num_hidden"])
        return in_channels * hidden if no_bias else (in_channels + 1) * hidden
    if op == "BatchNorm":
        return int(shapes[_output_key(node)][1]) * 2 if shapes is not None else 0
    if op == "Embedding":
        return int(attrs["input_dim"]) * int(attrs["output_dim"])
    return 0


def print_summary(symbol, shape=None, line_length=120, positions=(.44, .64, .74, 1.)):
    """Print a table of the layers of ``symbol``: name (operator), output shape,
    parameter count and previous layers, with the total parameter count.

    Parameters
    ----------
    symbol : Symbol
    shape : dict of str to tuple, optional
        Input shapes (batch first); without them no shapes are shown.
    line_length : int, default 120
        Width of the table.
    positions : sequence of float or int, default (.44, .64, .74, 1.)
        Right edge of each column, as fractions of ``line_length`` (when the last is
        at most 1) or as character positions.
    """
    if not isinstance(symbol, Symbol):
        raise TypeError("symbol must be Symbol")
    shapes = _shapes_of_internals(symbol, shape) if shape is not None else None
    graph = json.loads(symbol.tojson())
    nodes = graph["nodes"]
    shown = set(graph["heads"][0])  # MXNet's reading of the first head entry
    positions = list(positions)
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]

    def row(fields):
        line = ""
        for field, edge in zip(fields, positions):
            line = (line + str(field))[:edge]
            line += " " * (edge - len(line))
        print(line)

    def dims(key):
        if shapes is None or key not in shapes:
            return []
        return list(shapes[key][1:])

    print("_" * line_length)
    row(["Layer (type)", "Output Shape", "Param #", "Previous Layer"])
    print("=" * line_length)
    total = 0
    for i, node in enumerate(nodes):
        if node["op"] == "null" and i > 0:
            continue
        previous, in_channels = [], 0
        if node["op"] != "null":
            for entry in node["inputs"]:
                src = nodes[entry[0]]
                if src["op"] == "null" and entry[0] not in shown:
                    continue
                previous.append(src["name"])
                d = dims(_output_key(src))
                if d:
                    in_channels += int(d[0])
        count = _param_count(node, shapes, in_channels)
        total += count
        row(["%s(%s)" % (node["name"], node["op"]), "x".join(str(d) for d in
                                                           dims(_output_key(node))),
             count, previous[0] if previous else ""])
        for name in previous[1:]:
            row(["", "", "", name])
        print(("=" if i == len(nodes) - 1 else "_") * line_length)
    print("Total params: {params}".format(params=total))
    print("_" * line_length)


_WEIGHT_SUFFIXES = ("_weight", "_bias", "_beta", "_gamma", "_moving_var", "_moving_mean",
                    "_running_var", "_running_mean")
# MXNet's colour map: inputs, conv/fc, activations, batchnorm, pooling, reshaping,
# softmax, everything else
_COLORS = ("#8dd3c7", "#fb8072", "#ffffb3", "#bebada", "#80b1d3", "#fdb462", "#b3de69",
           "#fccde5")


def _node_style(node, base):
    """``(label, attributes)`` of the box drawn for ``node``."""
    op, name, attrs = node["op"], node["name"], node.get("attrs", {})
    style = copy.deepcopy(base)
    label = name
    if op == "null":
        style["shape"] = "oval"
        color = 0
    elif op == "Convolution":
        label = "Convolution\n%s/%s, %s" % ("x".join(_ints(attrs["kernel"])),
                                            "x".join(_ints(attrs["stride"]))
                                            if "stride" in attrs else "1", attrs["num_filter"])
        color = 1
    elif op == "FullyConnected":
        label = "FullyConnected\n%s" % attrs["num_hidden"]
        color = 1
    elif op == "BatchNorm":
        color = 3
    elif op == "Activation":
        label = "Activation\n%s" % attrs["act_type"]
        color = 2
    elif op == "LeakyReLU":
        label = "LeakyReLU\n%s" % attrs.get("act_type", "Leaky")
        color = 2
    elif op == "Pooling":
        label = "Pooling\n%s, %s/%s" % (attrs["pool_type"],
                                        "x".join(_ints(attrs["kernel"]))
                                        if "kernel" in attrs else "[]",
                                        "x".join(_ints(attrs["stride"]))
                                        if "stride" in attrs else "1")
        color = 4
    elif op in ("Concat", "Flatten", "Reshape"):
        color = 5
    elif op == "Softmax":
        color = 6
    else:
        color = 7
        if op == "Custom":
            label = attrs["op_type"]
    style["fillcolor"] = _COLORS[color]
    return label, style


def plot_network(symbol, title="plot", save_format="pdf", shape=None, dtype=None,
                 node_attrs={}, hide_weights=True):  # pylint: disable=dangerous-default-value
    """A ``graphviz.Digraph`` of ``symbol`` (needs the ``graphviz`` Python package).

    Parameters
    ----------
    symbol : Symbol
    title : str, default 'plot'
    save_format : str, default 'pdf'
    shape : dict of str to tuple, optional
        Input shapes; edges are labelled with the shapes they carry.
    dtype : dict of str to dtype, optional
        Input dtypes; edges are labelled with their dtypes too.
    node_attrs : dict, optional
        Graphviz node attributes overriding the defaults.
    hide_weights : bool, default True
        Leave out parameter inputs (names ending in ``_weight``, ``_bias``, ...).

    Returns
    -------
    graphviz.Digraph

    Raises
    ------
    ImportError
        When the ``graphviz`` package is not installed.
    """
    try:
        from graphviz import Digraph
    except ImportError:
        raise ImportError("Draw network requires graphviz library") from None
    if not isinstance(symbol, Symbol):
        raise TypeError("symbol must be a Symbol")
    shapes = _shapes_of_internals(symbol, shape) if shape is not None else None
    types = None
    if dtype is not None:
        internals = symbol.get_internals()
        _, out_types, _ = internals.infer_type(**dtype)
        if out_types is None:
            raise ValueError("Input type is incomplete")
        types = dict(zip(internals.list_outputs(), out_types))
    nodes = json.loads(symbol.tojson())["nodes"]
    names = [n["name"] for n in nodes]
    if len(names) != len(set(names)):
        repeated = sorted({n for n in names if names.count(n) > 1})
        warnings.warn("There are multiple variables with the same name in your graph, this "
                      "may result in cyclic graph. Repeated names: " + ",".join(repeated),
                      RuntimeWarning)
    base = {"shape": "box", "fixedsize": "true", "width": "1.3", "height": "0.8034",
            "style": "filled"}
    base.update(node_attrs)
    dot = Digraph(name=title, format=save_format)
    hidden = set()
    for node in nodes:
        if node["op"] == "null" and node["name"].endswith(_WEIGHT_SUFFIXES):
            if hide_weights:
                hidden.add(node["name"])
            continue
        label, style = _node_style(node, base)
        dot.node(name=node["name"], label=label, **style)

    def edge_key(src):
        if src["op"] == "null":
            return src["name"]
        key = src["name"] + "_output"
        attrs = src.get("attrs", {})
        if "num_outputs" in attrs:  # MXNet labels a multi-output edge with the last one
            key += str(int(attrs["num_outputs"]) - 1)
        return key

    for node in nodes:
        if node["op"] == "null":
            continue
        inputs = node["inputs"]
        if node["op"] == "_contrib_BilinearResize2D":
            inputs = inputs[:1]
        for entry in inputs:
            src = nodes[entry[0]]
            if src["name"] in hidden:
                continue
            attr = {"dir": "back", "arrowtail": "open", "label": ""}
            if shapes is not None:
                attr["label"] = "x".join(str(d) for d in shapes[edge_key(src)][1:])
            if types is not None:
                attr["label"] += "(%s)" % types[edge_key(src)].__name__
            dot.edge(tail_name=node["name"], head_name=src["name"], **attr)
    return dot
