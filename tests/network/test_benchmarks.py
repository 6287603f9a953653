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


@pytest.mark.parametrize(("url", "demo", "province"), [
    ("redis://127.0.0.1:6379/15", "redis://127.0.0.1:6379/15", "redis://127.0.0.1:6379/14"),
    ("redis://127.0.0.1:6379/2", "redis://127.0.0.1:6379/2", "redis://127.0.0.1:6379/1"),
    ("rediss://:secret@cache:6380/3", "rediss://:secret@cache:6380/3", "rediss://:secret@cache:6380/2"),
])
def test_bench_gives_each_size_its_own_redis_database(url, demo, province):
    from benchmarks.bench import _cache_urls

    assert _cache_urls(url) == {"demo": demo, "province": province}


@pytest.mark.parametrize("url", [
    "redis://127.0.0.1:6379/cache",
    "redis://127.0.0.1:6379",  # int("127.0.0.1:6379") before; then "database 0", a site's usual one
    "redis://127.0.0.1:6379/0",  # database -1 before
    "redis://127.0.0.1:6379/1",  # would empty database 0
    "memcached://127.0.0.1:11211/15",
])
def test_bench_refuses_a_cache_url_whose_databases_it_could_not_empty_safely(url):
    """Every run empties both databases (a cold network_warm): never 0, where a site's own cache usually is."""
    from benchmarks.bench import _cache_urls

    with pytest.raises(SystemExit, match="BENCH_CACHE"):
        _cache_urls(url)
