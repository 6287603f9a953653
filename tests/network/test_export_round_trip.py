"""Every network download read back (NetworkX for GEXF, GraphML and node-link JSON; the csv module for the
two CSV files) equals the graph the network page shows: same nodes, same edges, same typed attributes.

The data is made so that the first node (in slug order, the order the graph is built in) is an isolate:
its clustering, betweenness and PageRank are whole numbers where every other node's are fractions, which
is what made the former GEXF unreadable ("invalid literal for int() with base 10: '0.078947'") and the
former GraphML carry two keys named `clustering`.
"""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from network.exports import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, cast
from portal.spreadsheets import safe_cell
from tests.factories import (
    make_network_page,
    make_organization,
    make_partnership,
    make_responsibility,
    make_step,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(db):
    # The first node, with no tie, and a formula-like name.
    make_organization("aaa-seul", acronym="Seul", name="=Organisme sans lien")
    aibsl = make_organization("aibsl", acronym="AIBSL", name="Accueil et Intégration Bas-Saint-Laurent")
    cisss = make_organization("cisss", kind="state", acronym="CISSS")
    css = make_organization("css", kind="state", acronym="CSS")
    moisson = make_organization("moisson", acronym="Moisson")
    table = make_organization("table", kind="concertation", acronym="Table")
    make_partnership([aibsl, cisss, css], kind="agreement", since=datetime.date(2017, 1, 11), name="Entente-cadre")
    make_partnership([aibsl, moisson], kind="service", since=datetime.date(2019, 3, 1), name="Aide alimentaire")
    make_partnership([aibsl, table], kind="concertation", since=datetime.date(2018, 1, 1), name="Table immigration")
    make_partnership([cisss, moisson], is_public=False, name="Entente confidentielle")
    step = make_step()
    make_responsibility(aibsl, step, level="lead")
    make_responsibility(moisson, step)
    make_network_page()
    return {"moisson": moisson}


def page_graph(client, query: dict) -> nx.Graph:
    """The graph the page was drawn from, annotated with its metrics as the downloads are."""
    from network.exports import with_metrics
    from network.snapshot import load_view

    response = client.get("/reseau/", query)
    assert response.status_code == 200
    graph, core = load_view(response.context["spec"])
    return with_metrics(graph, core.metrics)


def assert_same(expected: nx.Graph, read: nx.Graph):
    assert list(expected.nodes)[0] == "aaa-seul" and expected.degree("aaa-seul") == 0
    assert set(read.nodes) == set(expected.nodes)
    assert {frozenset(e) for e in read.edges} == {frozenset(e) for e in expected.edges}
    for node, data in expected.nodes(data=True):
        got = read.nodes[node]
        for name, kind in NODE_ATTRIBUTES.items():
            assert type(got[name]) is kind, (node, name, got[name])
            if kind is float:
                assert got[name] == pytest.approx(data[name]), (node, name)
            else:
                assert got[name] == data[name], (node, name)
    for a, b, data in expected.edges(data=True):
        got = read.edges[a, b]
        for name, kind in EDGE_ATTRIBUTES.items():
            assert type(got[name]) is kind, (a, b, name, got[name])
            assert got[name] == data[name], (a, b, name)


QUERIES = [{}, {"layers": ["partnerships", "responsibilities"]}]


@pytest.mark.parametrize("query", QUERIES)
def test_gexf_reads_back_equal_to_the_page(client, network, query):
    expected = page_graph(client, query)
    content = client.get("/reseau/export.gexf", query).content
    assert_same(expected, nx.read_gexf(io.BytesIO(content)))
    declared = {a.get("title"): a.get("type") for a in ET.fromstring(content).iter()  # noqa: S314 (our own output)
                if a.tag.endswith("}attribute")}
    assert declared["clustering"] == "double" and declared["degree"] in ("long", "integer")


@pytest.mark.parametrize("query", QUERIES)
def test_graphml_reads_back_equal_to_the_page_with_one_key_per_attribute(client, network, query):
    expected = page_graph(client, query)
    content = client.get("/reseau/export.graphml", query).content
    assert_same(expected, nx.read_graphml(io.BytesIO(content)))
    names = [(k.get("for"), k.get("attr.name")) for k in ET.fromstring(content).iter()  # noqa: S314
             if k.tag.endswith("}key")]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("query", QUERIES)
def test_node_link_json_reads_back_equal_to_the_page(client, network, query):
    expected = page_graph(client, query)
    content = client.get("/reseau/export.json", query).content
    assert_same(expected, nx.node_link_graph(json.loads(content), edges="edges"))


def read_csv_graph(nodes_csv: bytes, edges_csv: bytes) -> nx.Graph:
    """The two CSV files as a graph, each column converted with its declared type."""
    graph = nx.Graph()

    def unguarded(value: str) -> str:  # the formula guard's apostrophe is not part of the data
        return value[1:] if value.startswith("'") and safe_cell(value[1:]) != value[1:] else value

    for row in csv.DictReader(io.StringIO(nodes_csv.decode())):
        node = row.pop("node")
        graph.add_node(node, **{name: cast(unguarded(row[name]), kind) for name, kind in NODE_ATTRIBUTES.items()})
    for row in csv.DictReader(io.StringIO(edges_csv.decode())):
        graph.add_edge(row.pop("source"), row.pop("target"),
                       **{name: cast(unguarded(row[name]), kind) for name, kind in EDGE_ATTRIBUTES.items()})
    return graph


@pytest.mark.parametrize("query", QUERIES)
def test_csv_pair_reads_back_equal_to_the_page(client, network, query):
    expected = page_graph(client, query)
    nodes = client.get("/reseau/export.csv", query)
    edges = client.get("/reseau/export.edges.csv", query)
    assert nodes.status_code == edges.status_code == 200
    assert nodes["Content-Type"] == edges["Content-Type"] == "text/csv; charset=utf-8"
    assert_same(expected, read_csv_graph(nodes.content, edges.content))
    # The formula-like name is neutralised in the file, not lost.
    assert b"'=Organisme sans lien" in nodes.content


def test_partner_downloads_read_back_equal_to_their_page(client, network):
    """A partner's view (partners-only partnership, referral columns) round-trips the same way."""
    client.force_login(make_user("caseworker", network["moisson"]))
    query = {"layers": ["partnerships", "responsibilities", "referrals"]}
    expected = page_graph(client, query)
    assert expected.has_edge("cisss", "moisson")  # the partners-only tie
    for fmt, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        assert_same(expected, reader(io.BytesIO(client.get(f"/reseau/export.{fmt}", query).content)))
    assert_same(expected, read_csv_graph(client.get("/reseau/export.csv", query).content,
                                         client.get("/reseau/export.edges.csv", query).content))


def test_every_attribute_has_one_type_whatever_the_data():
    """Pure check on a hand-made graph: ints where floats are declared, missing values, odd types."""
    from network.exports import with_metrics
    from network.metrics import compute_metrics

    graph = nx.Graph()
    graph.add_node("a-isolate", label="A")
    graph.add_node("b", label="B", kind="state")
    graph.add_node("c", label="C", extra=3)
    graph.add_edge("b", "c", weight=2, partnerships=1)
    annotated = with_metrics(graph, compute_metrics(graph))
    for _node, data in annotated.nodes(data=True):
        assert {name: type(data[name]) for name in NODE_ATTRIBUTES} == NODE_ATTRIBUTES
    assert annotated.nodes["c"]["extra"] == "3"
    (_a, _b, edge), = annotated.edges(data=True)
    assert {name: type(edge[name]) for name in EDGE_ATTRIBUTES} == EDGE_ATTRIBUTES
