"""The benchmark generator, tiny: deterministic and shaped like a province (hubs, regions)."""

import pytest

from benchmarks.synthetic import generate
from network.graph import GraphSpec, build_graph
from network.metrics import compute_metrics
from network.models import Partnership, PartnershipMember

pytestmark = pytest.mark.django_db


def test_tiny_synthetic_network_is_deterministic_and_connected_through_hubs():
    counts = generate(organizations=50, partnerships=120, referrals=300, seed=7, progress=False, prefix="t1")
    assert counts["organizations"] == 50 and Partnership.objects.count() == 120
    assert PartnershipMember.objects.count() == counts["members"] >= 240
    first = sorted(PartnershipMember.objects.values_list("partnership__slug", "organization__slug"))
    graph = build_graph(GraphSpec(as_of=None, partner_view=True))
    metrics = compute_metrics(graph)
    assert metrics.largest_component > 25
    with pytest.raises(RuntimeError):
        generate(organizations=50, partnerships=10, referrals=0, seed=7, progress=False, prefix="t1")
    Partnership.objects.all().delete()
    from directory.models import Organization
    from network.graph import referral_model

    if referral_model() is not None:
        referral_model().objects.all().delete()
    Organization.objects.all().delete()
    generate(organizations=50, partnerships=120, referrals=0, seed=7, progress=False, prefix="t1")
    assert sorted(PartnershipMember.objects.values_list("partnership__slug", "organization__slug")) == first
