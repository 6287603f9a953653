"""What the cache holds for the network: small rendered parts and language-free metrics, never a graph;
both languages drawn from one computation; a cached page whose queries and size do not grow with the
network; a large network's picture as an image of its own."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network import snapshot as snapshot_module
from tests.factories import make_network_page, make_organization, make_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(db):
    from portal.demo import ensure_locales, translate_page

    aibsl = make_organization("aibsl", acronym="AIBSL", name="Accueil et Intégration Bas-Saint-Laurent")
    cisss = make_organization("cisss", kind="state", acronym="CISSS")
    moisson = make_organization("moisson", acronym="Moisson")
    make_partnership([aibsl, cisss], kind="agreement", since=datetime.date(2017, 1, 11), name="Entente-cadre")
    make_partnership([aibsl, moisson], since=datetime.date(2019, 3, 1), name="Aide alimentaire")
    page = make_network_page()
    _fr, en = ensure_locales()
    translate_page(page, en, {"title": "Network", "slug": "network"})
    cache.clear()
    return {"aibsl": aibsl}


def test_the_cache_never_holds_a_graph(client, network):
    assert client.get("/reseau/").status_code == 200
    assert client.get("/en/network/").status_code == 200
    assert client.get(network["aibsl"].get_absolute_url()).status_code == 200
    assert client.get("/reseau/export.gexf").status_code == 200
    stored = caches["default"]._cache  # the local-memory cache keeps each value pickled
    network_parts = {key: value for key, value in stored.items() if ":network-" in key}
    assert any(":network-page:" in key for key in network_parts)
    assert any(":network-ego:" in key for key in network_parts)
    for key, value in stored.items():
        assert b"networkx" not in value, key  # no graph (nor any NetworkX object) pickled, anywhere


def test_english_reuses_the_french_graph_metrics_and_layout(client, network):
    with mock.patch.object(snapshot_module, "compute_metrics", wraps=snapshot_module.compute_metrics) as metrics, \
            mock.patch.object(snapshot_module, "layout", wraps=snapshot_module.layout) as layout:
        french = client.get("/reseau/").content.decode()
        english = client.get("/en/network/").content.decode()
    assert metrics.call_count == 1 and layout.call_count == 1
    assert "Les plus liés" in french and "Most connected" in english
    assert 'href="/en/network/export.gexf"' in english and 'href="/reseau/export.gexf"' in french


def test_visible_words_are_plain(client, network):
    html = client.get("/reseau/").content.decode()
    headline = html.split('class="network-headline"', 1)[1].split("</ul>", 1)[0]
    assert "AIBSL (2 partenaires)" in headline and "Ponts entre les groupes : AIBSL" in headline
    for jargon in ("PageRank", "intermédiarité", "Louvain"):
        assert jargon not in headline


def _cached_page(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_cached_page_queries_and_size_do_not_grow_with_the_network(client, network, settings):
    """Two sizes: three organisations (inline picture) and a generated 300 (an image of its own): the same
    queries on a hit, and the page stays well under 300 KB."""
    from benchmarks.synthetic import generate

    small, small_queries = _cached_page(client, "/reseau/")
    generate(organizations=300, partnerships=900, referrals=0, seed=7, progress=False, prefix="sz")
    cache.clear()
    large, large_queries = _cached_page(client, "/reseau/")
    assert large_queries == small_queries
    html = large.content.decode()
    assert 'class="network-img" src="/reseau/carte.svg"' in html and "net-svg" not in html
    assert len(large.content) < 300_000 and len(large.content) < 3 * len(small.content)
    picture = client.get("/reseau/carte.svg")
    assert picture.status_code == 200 and picture["Content-Type"].startswith("image/svg+xml")
    assert "public" in picture["Cache-Control"]
    assert "'unsafe-inline'" in picture["Content-Security-Policy"].split("style-src", 1)[1].split(";")[0]
    assert picture.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"') and b"<a " not in picture.content
    assert client.get("/en/network/map.svg").status_code == 200
