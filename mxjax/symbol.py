"""A minimal Symbol: the recorded graph returned by ``autograd.get_symbol``."""
import json

from .base import MXNetError

__all__ = ["Symbol"]

_counter = {"var": 0, "node": 0}


class Symbol:
    """A static description of a recorded computation, in MXNet's JSON format."""

    def __init__(self, nodes, heads, arg_nodes):
        self._nodes = nodes
        self._heads = heads
        self._arg_nodes = arg_nodes

    @classmethod
    def from_graph(cls, g, head_refs):
        """Build from a collected ``graph.Subgraph``."""
        nodes, arg_nodes = [], []
        var_json = {}
        pos_json = {}
        for p, (node, wiring) in enumerate(zip(g.nodes, g.program)):
            inputs = []
            for w in wiring:
                if w[0] == "v":
                    k = w[1]
                    if k not in var_json:
                        var_json[k] = len(nodes)
                        arg_nodes.append(len(nodes))
                        nodes.append({"op": "null", "name": "var%d" % k, "inputs": []})
                    inputs.append([var_json[k], 0, 0])
                elif w[0] == "n":
                    inputs.append([pos_json[w[1]], w[2], 0])
                elif w[0] == "c":
                    idx = len(nodes)
                    arg_nodes.append(idx)
                    nodes.append({"op": "null", "name": "const%d" % w[1], "inputs": []})
                    inputs.append([idx, 0, 0])
            entry = {"op": node.op.name, "name": "node_%d" % p}
            attrs = {k: str(v) for k, v in node.akey if not str(k).startswith("_")}
            if attrs:
                entry["attrs"] = attrs
            entry["inputs"] = inputs
            pos_json[p] = len(nodes)
            nodes.append(entry)
        heads = [[pos_json[p], i, 0] for p, i in head_refs]
        return cls(nodes, heads, arg_nodes)

    def tojson(self):
        """The graph as MXNet's symbol JSON."""
        row_ptr = list(range(len(self._nodes) + 1))
        return json.dumps({"nodes": self._nodes, "arg_nodes": self._arg_nodes,
                           "node_row_ptr": row_ptr, "heads": self._heads,
                           "attrs": {"mxnet_version": ["int", 10901]}}, indent=2)

    def list_arguments(self):
        """Names of the graph's inputs."""
        return [self._nodes[i]["name"] for i in self._arg_nodes]

    def list_outputs(self):
        """Names of the graph's outputs."""
        return [self._nodes[n]["name"] + "_output" for n, _, _ in self._heads]

    def __repr__(self):
        return "<Symbol %s>" % (" ".join(self.list_outputs()) or "group")

    def save(self, fname):
        """Write the JSON to ``fname``."""
        with open(fname, "w") as f:
            f.write(self.tojson())


def load_json(text):
    """A Symbol from MXNet JSON text."""
    try:
        d = json.loads(text)
        return Symbol(d["nodes"], d["heads"], d["arg_nodes"])
    except (ValueError, KeyError) as err:
        raise MXNetError("Invalid symbol JSON: %s" % err) from None
