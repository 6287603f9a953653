"""The graph and its metrics in the formats people use elsewhere: GEXF and GraphML (Gephi), node-link JSON
(D3, NetworkX) and CSV (spreadsheets). Pure functions: graph and metrics in, bytes out."""

import csv
import io
import json

import networkx as nx

from network.metrics import NetworkMetrics
from portal.spreadsheets import safe_row

FORMATS = {
    "gexf": ("application/gexf+xml", "gexf"),
    "graphml": ("application/graphml+xml", "graphml"),
    "json": ("application/json", "json"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}
METRIC_COLUMNS = ["node", "label", "kind", "degree", "weighted_degree", "betweenness", "pagerank", "clustering",
                  "community", "is_articulation_point", "cut_off", "referrals_sent", "referrals_received"]


def with_metrics(graph: nx.Graph, metrics: NetworkMetrics) -> nx.Graph:
    """A copy of the graph whose nodes also carry their metrics (Gephi users want both in one file)."""
    annotated = graph.copy()
    for node, m in metrics.nodes.items():
        annotated.nodes[node].update(degree=m.degree, weighted_degree=m.weighted_degree,
                                     betweenness=m.betweenness, pagerank=m.pagerank, clustering=m.clustering,
                                     community=m.community, is_articulation_point=m.is_articulation_point,
                                     cut_off=m.cut_off, referrals_sent=m.referrals_sent,
                                     referrals_received=m.referrals_received)
    return annotated


def node_link(graph: nx.Graph) -> dict:
    return nx.node_link_data(graph, edges="edges")


def export(graph: nx.Graph, metrics: NetworkMetrics, fmt: str) -> bytes:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(METRIC_COLUMNS)
        for node in sorted(metrics.nodes):
            m = metrics.nodes[node]
            writer.writerow(safe_row(getattr(m, column) for column in METRIC_COLUMNS))
        return buffer.getvalue().encode()
    annotated = with_metrics(graph, metrics)
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
