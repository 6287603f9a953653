"""Metrics against small graphs checked by hand. Pure functions: no database."""

import networkx as nx
import pytest

from network.metrics import compute_metrics, cut_off_counts, describe_network, describe_node, diff


def labelled(graph):
    for node in graph:
        graph.nodes[node]["label"] = str(node).upper()
        graph.nodes[node]["kind"] = "community"
    nx.set_edge_attributes(graph, 1, "weight")
    return graph


def test_star_centre_brokers_everything_and_holds_the_leaves():
    star = labelled(nx.star_graph(["hub", "a", "b", "c", "d"]))
    m = compute_metrics(star)
    hub = m.nodes["hub"]
    assert hub.degree == 4
    assert hub.betweenness == pytest.approx(1.0)  # every leaf-to-leaf path goes through it
    assert m.nodes["a"].betweenness == 0
    assert hub.clustering == 0
    assert hub.is_articulation_point and hub.cut_off == 3  # 4 leaves: one piece stays "the rest", 3 cut off
    assert m.articulation_points == ["hub"]
    assert len(m.bridges) == 4
    assert m.density == pytest.approx(0.4)
    assert hub.pagerank > m.nodes["a"].pagerank


def test_path_middle_nodes_are_articulation_points_with_their_real_cost():
    path = labelled(nx.path_graph(["a", "b", "c", "d", "e"]))
    m = compute_metrics(path)
    assert m.nodes["c"].betweenness == pytest.approx(4 / 6)  # pairs (a,d),(a,e),(b,d),(b,e) of 6 others
    assert m.nodes["b"].betweenness == pytest.approx(3 / 6)
    assert m.nodes["b"].cut_off == 1  # without b, a alone is cut off from c-d-e
    assert m.nodes["c"].cut_off == 2  # two pieces of two: one of them counts as cut off
    assert not m.nodes["a"].is_articulation_point
    assert m.articulation_points == ["c", "b", "d"]
    assert m.components == 1 and m.isolates == []


def test_two_cliques_joined_by_a_bridge():
    graph = nx.complete_graph(["a1", "a2", "a3", "a4"])
    graph.add_edges_from(nx.complete_graph(["b1", "b2", "b3", "b4"]).edges)
    graph.add_edge("a1", "b1")
    m = compute_metrics(labelled(graph))
    assert m.bridges == [("a1", "b1")]
    assert set(m.articulation_points) == {"a1", "b1"}
    assert m.nodes["a1"].cut_off == 3
    assert m.nodes["a2"].clustering == 1.0
    assert sorted(map(sorted, m.communities)) == [["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"]]
    assert m.nodes["a1"].community != m.nodes["b1"].community
    assert m.nodes["a1"].betweenness == pytest.approx(12 / 21)  # a2..a4 × b1..b4 of the 21 pairs of others


def test_disconnected_pair_and_isolate():
    graph = labelled(nx.Graph([("a", "b"), ("c", "d")]))
    graph.add_node("alone", label="ALONE", kind="state")
    m = compute_metrics(graph)
    assert m.components == 3
    assert m.isolates == ["alone"]
    assert m.largest_component == 2
    assert m.articulation_points == []
    assert all(n.betweenness == 0 for n in m.nodes.values())
    assert m.nodes["alone"].degree == 0


def test_cut_off_matches_brute_force_on_random_graphs():
    def brute(graph):
        out = {}
        for v in graph:
            rest = graph.subgraph(nx.node_connected_component(graph, v) - {v})
            pieces = [len(c) for c in nx.connected_components(rest)]
            out[v] = sum(pieces) - max(pieces) if len(pieces) >= 2 else 0
        return out

    for seed in range(60):
        graph = nx.gnm_random_graph(15, 16, seed=seed)
        assert cut_off_counts(graph) == brute(graph), seed


def test_large_graph_samples_betweenness_and_says_so():
    graph = labelled(nx.gnm_random_graph(40, 80, seed=1))
    graph = nx.relabel_nodes(graph, str)
    exact = compute_metrics(graph)
    sampled = compute_metrics(graph, exact_max_nodes=20, sample_k=10)
    assert not exact.betweenness_sampled and sampled.betweenness_sampled and sampled.betweenness_k == 10
    assert sampled.as_dict() == compute_metrics(graph, exact_max_nodes=20, sample_k=10).as_dict()  # fixed seed
    assert any("10" in s and "échantillon" in s for s in describe_network(sampled))  # tests run in French


def test_sentences_name_the_broker_and_what_it_holds(settings):
    from django.utils import translation

    graph = nx.star_graph(["aibsl", "a", "b", "c", "d", "e", "f", "g"])
    graph.add_edge("a", "b")
    graph = labelled(graph)
    graph.nodes["aibsl"]["label"] = "AIBSL"
    m = compute_metrics(graph)
    with translation.override("en"):
        text = " ".join(describe_node(m, "aibsl"))
        assert "AIBSL is the only link between 5 organisations and the rest of the network." in text
        assert "main bridges between organisations" in text
    with translation.override("fr"):
        assert "AIBSL est le seul lien entre 5 organismes et le reste du réseau." in " ".join(describe_node(m, "aibsl"))


def test_diff_between_two_dates():
    before = labelled(nx.Graph([("a", "b")]))
    before.add_node("c", label="C", kind="state")
    after = labelled(nx.Graph([("a", "b"), ("b", "c")]))
    result = diff(before, after, compute_metrics(before), compute_metrics(after))
    assert result["edges_added"] == [("b", "c")]
    assert result["edges_removed"] == []
    assert result["tied_nodes_added"] == ["c"]
    assert result["components"] == (2, 1)
    assert result["top_changes"][0]["node"] == "b"


def test_growth_counts_partnerships_ties_and_organisations_per_day():
    import datetime

    from network.metrics import growth

    d = datetime.date
    timeline = [(d(2017, 1, 11), None, ("aibsl", "cisss", "css")),  # one entente, three ties
                (d(2018, 2, 1), d(2018, 12, 31), ("aibsl", "tcri")),
                (d(2019, 4, 1), None, ("aibsl", "cisss"))]  # a second tie on an existing pair
    series = growth(timeline, [d(2016, 12, 31), d(2017, 12, 31), d(2018, 12, 31), d(2019, 12, 31)])
    assert [(r["partnerships"], r["ties"], r["organisations"]) for r in series] == [
        (0, 0, 0), (1, 3, 3), (2, 4, 4), (2, 3, 3)]
