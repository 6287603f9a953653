"""Exports read back with NetworkX's own readers to the same graph."""

import csv
import io
import json

import networkx as nx
import pytest

from network.exports import export
from network.metrics import compute_metrics


@pytest.fixture
def graph():
    g = nx.Graph(as_of="2026-01-01", layers="partnerships,responsibilities")
    for node, kind in (("aibsl", "community"), ("cisss-bsl", "state"), ("moisson", "community"), ("seul", "private")):
        g.add_node(node, label=node.upper(), name=f"Organisme {node} — é", kind=kind, url=f"/organismes/{node}/",
                   sectors="sante,logement")
    g.add_edge("aibsl", "cisss-bsl", weight=2, layers="partnerships,responsibilities", partnerships=1,
               kinds="agreement", partnership_names="Entente-cadre", shared_steps=1, step_names="Clinique",
               referrals=0, referrals_forward=0, referrals_backward=0)
    g.add_edge("aibsl", "moisson", weight=1, layers="partnerships", partnerships=1, kinds="service",
               partnership_names="Aide alimentaire", shared_steps=0, step_names="", referrals=0,
               referrals_forward=0, referrals_backward=0)
    return g


def same_graph(original, read):
    assert set(read.nodes) == set(original.nodes)
    assert {tuple(sorted(e)) for e in read.edges} == {tuple(sorted(e)) for e in original.edges}
    for node, data in original.nodes(data=True):
        for key in ("label", "kind", "url", "name"):
            assert read.nodes[node][key] == data[key], (node, key)
    for a, b, data in original.edges(data=True):
        for key in ("kinds", "partnership_names", "partnerships", "shared_steps"):
            assert read.edges[a, b][key] == data[key], (a, b, key)
        assert float(read.edges[a, b]["weight"]) == float(data["weight"])


def test_gexf_round_trip(graph):
    metrics = compute_metrics(graph)
    read = nx.read_gexf(io.BytesIO(export(graph, metrics, "gexf")))
    same_graph(graph, read)
    assert read.nodes["aibsl"]["betweenness"] == pytest.approx(metrics.nodes["aibsl"].betweenness)
    assert read.nodes["aibsl"]["is_articulation_point"] is True


def test_graphml_round_trip(graph):
    metrics = compute_metrics(graph)
    read = nx.read_graphml(io.BytesIO(export(graph, metrics, "graphml")))
    same_graph(graph, read)
    assert read.nodes["moisson"]["degree"] == 1
    assert read.graph["as_of"] == "2026-01-01"


def test_node_link_json_round_trip(graph):
    metrics = compute_metrics(graph)
    read = nx.node_link_graph(json.loads(export(graph, metrics, "json")), edges="edges")
    same_graph(graph, read)
    assert read.nodes["cisss-bsl"]["pagerank"] == metrics.nodes["cisss-bsl"].pagerank


def test_metrics_csv_has_one_row_per_organisation(graph):
    metrics = compute_metrics(graph)
    rows = list(csv.DictReader(io.StringIO(export(graph, metrics, "csv").decode())))
    assert [row["node"] for row in rows] == ["aibsl", "cisss-bsl", "moisson", "seul"]
    aibsl = rows[0]
    assert aibsl["degree"] == "2" and aibsl["is_articulation_point"] == "True" and aibsl["cut_off"] == "1"


def test_metrics_csv_never_carries_a_live_formula(graph):
    """Security review: a label typed by a partner must not run as a formula in the coordinator's spreadsheet."""
    graph.nodes["seul"]["label"] = '=HYPERLINK("http://evil.example","x")'
    metrics = compute_metrics(graph)
    rows = {row["node"]: row for row in csv.DictReader(io.StringIO(export(graph, metrics, "csv").decode()))}
    assert rows["seul"]["label"] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows["aibsl"]["label"] == "AIBSL"
