"""The network demo loader: idempotent, tolerant of missing organisations, and shows AIBSL's brokerage."""

import io

import pytest

from network import demo
from network.graph import GraphSpec, build_graph
from network.metrics import compute_metrics
from network.models import Partnership, PartnershipMember
from network.pages import NetworkPage
from portal.demo_kit import DemoContext
from tests.factories import make_organization

pytestmark = pytest.mark.django_db


def run():
    out = io.StringIO()
    demo.load(DemoContext(stdout=out, style=None, verbosity=1))
    return out.getvalue()


def test_demo_twice_doubles_nothing_and_makes_aibsl_the_broker():
    for slug, kind in [("aibsl", "community"), ("cisss-bsl", "state"), ("css-phares", "state"), ("mifi", "state"),
                       ("ville-rimouski", "state"), ("moisson", "community"), ("soeurs-saint-rosaire", "community"),
                       ("tcri", "concertation"), ("table-immigration", "concertation"), ("soper", "state")]:
        make_organization(slug, kind=kind, acronym=slug.upper())
    output = run()
    assert "calacs" in output  # missing organisations are named, their partnerships skipped
    counts = (Partnership.objects.count(), PartnershipMember.objects.count(), NetworkPage.objects.count())
    assert counts[0] > 10 and counts[2] == 2  # French page and its English translation
    run()
    assert (Partnership.objects.count(), PartnershipMember.objects.count(), NetworkPage.objects.count()) == counts
    entente = Partnership.objects.get(slug="entente-cadre-ville-accueil")
    assert entente.members.count() == 5
    metrics = compute_metrics(build_graph(GraphSpec()))
    assert metrics.ranked("betweenness")[0].node == "aibsl"
    assert metrics.nodes["aibsl"].cut_off >= 2  # the food bank and the Sœurs hang on AIBSL alone
