"""The referral-flow layer: directed counts between organisations, for signed-in partners only.

No referral flow may reach an anonymous visitor — not in the page, the SVG, the exports or the API — and no
person ever reaches anyone through the network."""

import datetime
import io

import networkx as nx
import pytest
from django.utils import timezone

from network.graph import GraphSpec, build_graph, data_version
from tests.factories import (
    make_network_page,
    make_organization,
    make_partnership,
    make_referral,
    make_user,
    person_data,
)

pytestmark = pytest.mark.django_db
LAYERS = {"layers": ["partnerships", "referrals"]}
PERSON = "Famille Fictive-Exemple"


def at(year, month, day):
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _exact_counts(settings):
    """These tests read exact small counts; small-number suppression has its own test below."""
    settings.DISCLOSURE_MIN_COUNT = 1


@pytest.fixture
def flows(db):
    aibsl = make_organization("aibsl", acronym="AIBSL")
    cisss = make_organization("cisss", kind="state", acronym="CISSS")
    css = make_organization("css", kind="state", acronym="CSS")
    make_partnership([aibsl, cisss], since=datetime.date(2017, 1, 1))
    for _ in range(3):
        make_referral(None, aibsl, cisss, person=person_data(full_name=PERSON), sent_at=at(2019, 5, 1))
    make_referral(None, cisss, aibsl, state="completed", sent_at=at(2020, 1, 10))
    make_referral(None, aibsl, css, state="redirected", sent_at=at(2021, 3, 1))
    make_referral(None, aibsl, css, state="draft", person=person_data(full_name=PERSON))  # a draft never counts
    return {"aibsl": aibsl, "cisss": cisss, "css": css}


def test_flows_are_directed_counts_without_drafts(flows):
    graph = build_graph(GraphSpec(layers=("referrals",), partner_view=True))
    edge = graph.edges["aibsl", "cisss"]
    assert (edge["referrals"], edge["referrals_forward"], edge["referrals_backward"]) == (4, 3, 1)  # aibsl < cisss
    assert graph.edges["aibsl", "css"]["referrals"] == 1  # the draft is not there
    assert edge["layers"] == "referrals"
    from network.metrics import compute_metrics

    metrics = compute_metrics(graph)
    assert (metrics.nodes["aibsl"].referrals_sent, metrics.nodes["aibsl"].referrals_received) == (4, 1)
    assert (metrics.nodes["css"].referrals_sent, metrics.nodes["css"].referrals_received) == (0, 1)


def test_flows_follow_the_as_of_date_and_period(flows):
    before = build_graph(GraphSpec(layers=("referrals",), partner_view=True, as_of=datetime.date(2019, 12, 31)))
    assert before.edges["aibsl", "cisss"]["referrals"] == 3 and not before.has_edge("aibsl", "css")
    recent = build_graph(GraphSpec(layers=("referrals",), partner_view=True,
                                   referrals_since=datetime.date(2020, 1, 1)))
    assert recent.edges["aibsl", "cisss"]["referrals"] == 1


def test_public_spec_never_reads_referrals(flows, django_assert_num_queries):
    graph = build_graph(GraphSpec(layers=("partnerships", "referrals")))
    assert all(data["referrals"] == 0 for _a, _b, data in graph.edges(data=True))
    assert not graph.has_edge("aibsl", "css")


def test_a_new_referral_changes_the_partner_cache_key(flows):
    spec = GraphSpec(layers=("referrals",), partner_view=True)
    version = data_version(spec)
    make_referral(None, flows["css"], flows["aibsl"], sent_at=timezone.now())
    assert data_version(spec) != version


def assert_no_flow(content: bytes):
    text = content.decode()
    assert "net-edge--referral" not in text
    assert "→" not in text
    assert PERSON not in text


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_no_flow_reaches_a_visitor_who_is_not_a_partner(client, flows, persona):
    make_network_page()
    if persona == "outsider":
        client.force_login(make_user("outsider"))
    page = client.get("/reseau/", LAYERS)
    assert page.status_code == 200
    assert_no_flow(page.content)
    assert "referrals_since" not in page.content.decode()  # the partners' filter is not even offered
    assert "Références envoyées" not in page.content.decode()
    for fmt in ("gexf", "graphml", "json", "csv"):
        response = client.get(f"/reseau/export.{fmt}", LAYERS)
        assert_no_flow(response.content)
    gexf = nx.read_gexf(io.BytesIO(client.get("/reseau/export.gexf", LAYERS).content))
    assert all(int(d["referrals"]) == 0 for _a, _b, d in gexf.edges(data=True))
    api = client.get("/api/v1/network/graph/", LAYERS).json()
    assert all(edge["referrals"] == 0 for edge in api["edges"])
    assert client.get("/api/v1/network/metrics/", LAYERS).json()["layers"] == ["partnerships"]


def test_partner_member_sees_counts_between_organisations_never_a_person(client, flows):
    make_network_page()
    client.force_login(make_user("caseworker", flows["css"]))
    html = client.get("/reseau/", LAYERS).content.decode()
    assert "AIBSL → CISSS\u00a0: 3 références" in html and "CISSS → AIBSL\u00a0: 1 référence" in html
    assert "Références envoyées" in html  # the table's flow columns
    assert PERSON not in html
    api = client.get("/api/v1/network/graph/", LAYERS).json()
    edge = next(e for e in api["edges"] if {e["source"], e["target"]} == {"aibsl", "cisss"})
    assert edge["referrals"] == 4
    assert PERSON not in str(api)
    graphml = nx.read_graphml(io.BytesIO(client.get("/reseau/export.graphml", LAYERS).content))
    assert graphml.edges["aibsl", "css"]["referrals"] == 1


def test_small_counts_are_hidden_and_days_within_a_quarter_look_alike(flows, settings):
    settings.DISCLOSURE_MIN_COUNT = 3
    graph = build_graph(GraphSpec(layers=("referrals",), partner_view=True))
    edge = graph.edges["aibsl", "cisss"]
    # aibsl→cisss (3) is shown; cisss→aibsl (1) and aibsl→css (1) could point to a person: hidden.
    assert (edge["referrals"], edge["referrals_forward"], edge["referrals_backward"]) == (3, 3, 0)
    assert not graph.has_edge("aibsl", "css")
    # Two days of the same quarter give the same counts (cisss→aibsl was sent on 10 January 2020): no
    # day-by-day or month-by-month differencing.
    settings.DISCLOSURE_MIN_COUNT = 1
    early, late = (
        build_graph(GraphSpec(layers=("referrals",), partner_view=True, as_of=day))
        for day in (datetime.date(2020, 1, 2), datetime.date(2020, 3, 30))
    )
    backward = [graph.edges["aibsl", "cisss"]["referrals_backward"] for graph in (early, late)]
    assert backward == [1, 1]


def published_counts(spec_kwargs_list) -> dict:
    """{(pair, attribute): [value at each spec]} for every referral count the layer publishes."""
    from network.metrics import compute_metrics

    series = {}
    for kwargs in spec_kwargs_list:
        graph = build_graph(GraphSpec(layers=("referrals",), partner_view=True, **kwargs))
        for a, b, data in graph.edges(data=True):
            for attribute in ("referrals", "referrals_forward", "referrals_backward"):
                series.setdefault(((a, b), attribute), []).append(data[attribute])
        for slug, node in compute_metrics(graph).nodes.items():
            series.setdefault((slug, "sent"), []).append(node.referrals_sent)
            series.setdefault((slug, "received"), []).append(node.referrals_received)
    return series


def test_no_two_published_referral_counts_differ_by_less_than_the_minimum(db, settings):
    """The defect: comparing consecutive months of `as_of` revealed single referrals between two
    organisations (+1/+2). Now every date, every period, every pair and every organisation's total moves by
    0 or by at least the minimum."""
    settings.DISCLOSURE_MIN_COUNT = 3
    aibsl = make_organization("aibsl")
    cisss, css = make_organization("cisss", kind="state"), make_organization("css", kind="state")
    # A steady trickle: one or two referrals a month for two years, in both directions.
    for month in range(24):
        year, month_of_year = 2019 + month // 12, month % 12 + 1
        make_referral(None, aibsl, cisss, sent_at=at(year, month_of_year, 3))
        if month % 2:
            make_referral(None, cisss, aibsl, sent_at=at(year, month_of_year, 20))
        if month % 5 == 0:
            make_referral(None, aibsl, css, sent_at=at(year, month_of_year, 9))
    months = [datetime.date(2019 + m // 12, m % 12 + 1, 15) for m in range(26)]
    specs = [{"as_of": day} for day in months]
    specs += [{"as_of": datetime.date(2021, 6, 1), "referrals_since": day} for day in months]
    published = published_counts(specs)
    assert published, "the layer published nothing: the test would prove nothing"
    for key, values in published.items():
        distinct = sorted(set(values) | {0})
        for smaller, larger in zip(distinct, distinct[1:], strict=False):
            assert larger - smaller >= 3, (key, values)
