"""/api/v1/network/graph/ and /api/v1/network/metrics/: filters, visibility, errors, schema."""

import datetime

import networkx as nx
import pytest

from tests.factories import make_organization, make_partnership, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(db):
    aibsl = make_organization("aibsl", acronym="AIBSL")
    cisss = make_organization("cisss", kind="state")
    moisson = make_organization("moisson")
    make_partnership([aibsl, cisss], kind="agreement", since=datetime.date(2017, 1, 11))
    make_partnership([aibsl, moisson], since=datetime.date(2019, 1, 1))
    make_partnership([cisss, moisson], is_public=False, name="Entente confidentielle")
    return {"aibsl": aibsl, "moisson": moisson}


def test_graph_is_node_link_json_readable_by_networkx(client, network):
    response = client.get("/api/v1/network/graph/")
    assert response.status_code == 200
    graph = nx.node_link_graph(response.json(), edges="edges")
    assert set(graph) == {"aibsl", "cisss", "moisson"}
    assert {tuple(sorted(e)) for e in graph.edges} == {("aibsl", "cisss"), ("aibsl", "moisson")}
    assert graph.nodes["aibsl"]["is_articulation_point"] is True


def test_metrics_follow_the_date(client, network):
    data = client.get("/api/v1/network/metrics/", {"as_of": "2018-01-01"}).json()
    assert data["as_of"] == "2018-01-01" and data["edge_count"] == 1
    assert data["isolates"] == ["moisson"]
    nodes = {n["node"]: n for n in data["nodes"]}
    assert nodes["aibsl"]["degree"] == 1


@pytest.mark.parametrize("persona, sees_private", [("anonymous", False), ("outsider", False), ("member", True)])
def test_three_personas(client, network, persona, sees_private):
    if persona == "outsider":
        client.force_login(make_user("outsider"))
    elif persona == "member":
        client.force_login(make_user("member", network["aibsl"]))
    data = client.get("/api/v1/network/graph/").json()
    assert ("Entente confidentielle" in str(data)) is sees_private
    assert client.get("/api/v1/network/metrics/").json()["edge_count"] == (3 if sees_private else 2)


def test_bad_input_is_a_400_with_field_messages(client, network):
    response = client.get("/api/v1/network/metrics/", {"as_of": "yesterday", "layers": "gossip"})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"as_of", "layers"}  # in the API's one error shape


def test_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/network/graph/" in schema and "/api/v1/network/metrics/" in schema
