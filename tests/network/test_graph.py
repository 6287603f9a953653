"""Building the graph from the database: layers, dates, filters and who sees what."""

import datetime

import pytest

from network.graph import GraphSpec, build_graph, data_version
from tests.factories import make_organization, make_partnership, make_responsibility, make_step

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def orgs():
    return {
        "aibsl": make_organization("aibsl", acronym="AIBSL"),
        "cisss": make_organization("cisss", kind="state", acronym="CISSS"),
        "css": make_organization("css", kind="state"),
        "ville": make_organization("ville", kind="state"),
        "moisson": make_organization("moisson"),
    }


def test_multi_party_agreement_is_one_partnership_tying_every_pair(orgs):
    make_partnership([orgs["aibsl"], orgs["cisss"], orgs["css"], orgs["ville"]], kind="agreement",
                     since=D(2017, 1, 11), name="Entente-cadre")
    graph = build_graph(GraphSpec(as_of=D(2020, 1, 1)))
    assert graph.number_of_edges() == 6
    assert graph.edges["aibsl", "ville"]["kinds"] == "agreement"
    assert graph.edges["aibsl", "ville"]["partnership_names"] == "Entente-cadre"
    assert graph.nodes["aibsl"]["label"] == "AIBSL" and graph.nodes["cisss"]["kind"] == "state"
    assert list(graph) == sorted(graph)  # slug order: reproducible layouts
    assert "moisson" in graph and graph.degree("moisson") == 0  # isolates are kept


def test_as_of_keeps_only_partnerships_active_that_day(orgs):
    make_partnership([orgs["aibsl"], orgs["cisss"]], since=D(2017, 4, 1))
    make_partnership([orgs["aibsl"], orgs["moisson"]], since=D(2019, 6, 1))
    make_partnership([orgs["css"], orgs["ville"]], since=D(2017, 1, 1), until=D(2018, 12, 31))
    edges = lambda day: {tuple(sorted(e)) for e in build_graph(GraphSpec(as_of=day)).edges}  # noqa: E731
    assert edges(D(2016, 12, 31)) == set()
    assert edges(D(2018, 6, 1)) == {("aibsl", "cisss"), ("css", "ville")}
    assert edges(D(2020, 1, 1)) == {("aibsl", "cisss"), ("aibsl", "moisson")}
    assert edges(D(2018, 12, 31)) == {("aibsl", "cisss"), ("css", "ville")}  # "until" is inclusive


def test_anonymous_view_never_reads_partners_only_partnerships(orgs):
    make_partnership([orgs["aibsl"], orgs["cisss"]], is_public=False, name="Entente confidentielle")
    make_partnership([orgs["aibsl"], orgs["moisson"]])
    public = build_graph(GraphSpec())
    partner = build_graph(GraphSpec(partner_view=True))
    assert not public.has_edge("aibsl", "cisss")
    assert "confidentielle" not in str(list(public.edges(data=True)))
    assert partner.has_edge("aibsl", "cisss")


def test_layers_switch_on_and_off_and_add_up(orgs):
    make_partnership([orgs["aibsl"], orgs["cisss"]], kind="service")
    step = make_step()
    for org in (orgs["aibsl"], orgs["cisss"], orgs["css"]):
        make_responsibility(org, step)
    hidden = make_step()
    make_responsibility(orgs["ville"], hidden, is_public=False)
    make_responsibility(orgs["moisson"], hidden, is_public=False)

    only_partnerships = build_graph(GraphSpec(layers=("partnerships",)))
    assert only_partnerships.number_of_edges() == 1
    only_steps = build_graph(GraphSpec(layers=("responsibilities",)))
    assert {tuple(sorted(e)) for e in only_steps.edges} == {("aibsl", "cisss"), ("aibsl", "css"), ("cisss", "css")}
    both = build_graph(GraphSpec(layers=("partnerships", "responsibilities")))
    edge = both.edges["aibsl", "cisss"]
    assert edge["layers"] == "partnerships,responsibilities"
    assert edge["weight"] == 2 and edge["partnerships"] == 1 and edge["shared_steps"] == 1
    assert not both.has_edge("ville", "moisson")  # private responsibilities: partners only
    partner = build_graph(GraphSpec(layers=("responsibilities",), partner_view=True))
    assert partner.has_edge("moisson", "ville")


def test_filters_by_organisation_kind_sector_and_partnership_kind(orgs):
    from directory.models import Sector

    health = Sector.objects.create(slug="sante", name_fr="Santé", name_en="Health")
    orgs["cisss"].sectors.add(health)
    orgs["aibsl"].sectors.add(health)
    make_partnership([orgs["aibsl"], orgs["cisss"], orgs["css"]], kind="agreement")
    make_partnership([orgs["aibsl"], orgs["moisson"]], kind="informal")
    assert set(build_graph(GraphSpec(org_kinds=("state",)))) == {"cisss", "css", "ville"}
    assert set(build_graph(GraphSpec(sectors=("sante",)))) == {"aibsl", "cisss"}
    informal = build_graph(GraphSpec(partnership_kinds=("informal",)))
    assert {tuple(sorted(e)) for e in informal.edges} == {("aibsl", "moisson")}


def test_inactive_organisations_are_left_out(orgs):
    orgs["moisson"].is_active = False
    orgs["moisson"].save()
    make_partnership([orgs["aibsl"], orgs["moisson"]])
    graph = build_graph(GraphSpec())
    assert "moisson" not in graph and graph.number_of_edges() == 0


def test_referral_layer_is_dropped_from_a_public_view():
    spec = GraphSpec(layers=("partnerships", "referrals"), partner_view=False)
    assert spec.effective_layers == ("partnerships",)
    assert GraphSpec(layers=("referrals",), partner_view=True).effective_layers == ("referrals",)


def test_data_version_changes_with_any_write(orgs):
    spec = GraphSpec()
    first = data_version(spec)
    assert data_version(spec) == first
    partnership = make_partnership([orgs["aibsl"], orgs["cisss"]])
    second = data_version(spec)
    assert second != first
    partnership.members.first().delete()
    assert data_version(spec) != second
    third = data_version(spec)
    make_responsibility(orgs["css"], make_step())
    assert data_version(spec) != third
