"""The graph and its metrics in the formats people use elsewhere: GEXF and GraphML (Gephi), node-link JSON
(D3, NetworkX) and CSV (spreadsheets: one file of nodes, one of edges). Pure functions: graph and metrics
in, bytes out.

Every exported attribute has one declared type (`NODE_ATTRIBUTES`, `EDGE_ATTRIBUTES`), applied to every
node and edge before writing. NetworkX's GEXF and GraphML writers take an attribute's type from the first
node or edge that carries it: without the cast, a clustering of `0` (int) on an isolate followed by
`0.07` elsewhere declares the column `long`, and the file cannot be read back.
"""

from __future__ import annotations

import io
import json

from network.metrics import NetworkMetrics
from portal.lazy import lazy_import
from portal.spreadsheets import SafeWriter

nx = lazy_import("networkx")  # loaded on first use: a worker serving cached parts never needs it

FORMATS = {
    "gexf": ("application/gexf+xml", "gexf"),
    "graphml": ("application/graphml+xml", "graphml"),
    "json": ("application/json", "json"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "edges.csv": ("text/csv; charset=utf-8", "edges.csv"),
}

# name → type, in column order. Graph attributes come from network.graph, metrics from network.metrics.
NODE_ATTRIBUTES: dict[str, type] = {
    "label": str, "name": str, "kind": str, "url": str, "sectors": str,
    "degree": int, "weighted_degree": float, "betweenness": float, "pagerank": float, "clustering": float,
    "community": int, "is_articulation_point": bool, "cut_off": int,
    "referrals_sent": int, "referrals_received": int,
}
EDGE_ATTRIBUTES: dict[str, type] = {
    "weight": float, "layers": str, "partnerships": int, "kinds": str, "partnership_names": str,
    "shared_steps": int, "step_names": str, "referrals": int, "referrals_forward": int, "referrals_backward": int,
}
METRIC_FIELDS = ("degree", "weighted_degree", "betweenness", "pagerank", "clustering", "community",
                 "is_articulation_point", "cut_off", "referrals_sent", "referrals_received")
NODE_COLUMNS = ["node", *NODE_ATTRIBUTES]
EDGE_COLUMNS = ["source", "target", *EDGE_ATTRIBUTES]
METRIC_COLUMNS = NODE_COLUMNS  # kept for callers of the former name


def cast(value, kind: type):
    """`value` as `kind`; a missing value becomes that type's empty value (0, 0.0, False, "")."""
    if value is None:
        return kind()
    if kind is bool:
        return value if isinstance(value, bool) else str(value).strip().lower() in ("true", "1")
    if kind is str:
        return str(value)
    return kind(value)


def typed_attributes(data: dict, declared: dict[str, type]) -> dict:
    """Declared attributes cast to their type (missing ones filled); any other attribute exported as text."""
    typed = {name: cast(data.get(name), kind) for name, kind in declared.items()}
    typed.update({name: str(value) for name, value in data.items() if name not in declared})
    return typed


def with_metrics(graph: nx.Graph, metrics: NetworkMetrics) -> nx.Graph:
    """A copy of the graph whose nodes also carry their metrics (Gephi users want both in one file), every
    attribute of every node and edge cast to its one declared type."""
    annotated = nx.Graph()
    annotated.graph.update({name: str(value) for name, value in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        merged = dict(data)
        m = metrics.nodes.get(node)
        if m is not None:
            merged.update({name: getattr(m, name) for name in METRIC_FIELDS})
            merged.setdefault("label", m.label)
            merged.setdefault("kind", m.kind)
        annotated.add_node(node, **typed_attributes(merged, NODE_ATTRIBUTES))
    for a, b, data in graph.edges(data=True):
        annotated.add_edge(a, b, **typed_attributes(data, EDGE_ATTRIBUTES))
    return annotated


def node_link(graph: nx.Graph) -> dict:
    return nx.node_link_data(graph, edges="edges")


def _csv(header: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = SafeWriter(buffer)  # labels and names are typed by partners: never a live formula
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode()


def export(graph: nx.Graph, metrics: NetworkMetrics, fmt: str) -> bytes:
    annotated = with_metrics(graph, metrics)
    if fmt == "csv":
        return _csv(NODE_COLUMNS, ([node, *(data[name] for name in NODE_ATTRIBUTES)]
                                   for node, data in sorted(annotated.nodes(data=True))))
    if fmt == "edges.csv":
        edges = sorted((*sorted((a, b)), data) for a, b, data in annotated.edges(data=True))
        return _csv(EDGE_COLUMNS, ([a, b, *(data[name] for name in EDGE_ATTRIBUTES)] for a, b, data in edges))
    if fmt == "json":
        return json.dumps(node_link(annotated), ensure_ascii=False, sort_keys=True, indent=1).encode()
    buffer = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(annotated, buffer)
    elif fmt == "graphml":
        nx.write_graphml(annotated, buffer)
    else:
        raise ValueError(fmt)
    return buffer.getvalue()
