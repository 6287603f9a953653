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


def _drop(*kinds):
    """Evict every organisation's parts of these kinds, as a size-limited cache does."""
    raw = [key.split(":", 2)[2] for key in list(caches["default"]._cache)
           if any(f":network-{kind}:" in key for kind in kinds)]
    assert raw
    cache.delete_many(raw)


def test_organisations_parts_evicted_from_a_size_limited_cache_are_drawn_again(client, network):
    """Local memory keeps 300 entries by default: a view writes three per organisation before its own parts,
    so some organisations lose theirs. Their role page draws them again from the cached core; it never
    takes them for "not in the view" nor keeps an empty picture for a week."""
    assert client.get("/reseau/").status_code == 200
    _drop("sentences", "ego-record", "ego")
    html = client.get(network["aibsl"].get_absolute_url()).content.decode()
    assert 'id="ego-aibsl-svg"' in html
    assert "Moisson" in html.split('id="ego-aibsl-svg"', 1)[1]
    ego = [key for key in caches["default"]._cache if ":network-ego:" in key]
    assert ego and all(cache.get(key.split(":", 2)[2]) for key in ego)  # drawn, never "" kept


def test_an_organisations_evicted_parts_read_their_labels_once(client, network):
    """Both of an organisation's parts evicted: its sentences and its picture are drawn again with one read of
    the organisations' labels (two before: the organisation's, then the picture's, which includes it)."""
    from network.graph import GraphSpec

    assert client.get("/reseau/").status_code == 200
    _drop("sentences", "ego")
    with CaptureQueriesContext(connection) as queries:
        ego, sentences = snapshot_module.get_node_parts(GraphSpec(), "aibsl")
    assert 'id="ego-aibsl-svg"' in ego and "Moisson" in ego and sentences
    labels = [q["sql"] for q in queries.captured_queries if '"directory_organization"."acronym"' in q["sql"]]
    assert len(labels) == 1, labels


def test_without_a_working_cache_the_page_shows_what_the_request_computed(client, network, settings):
    """A dummy cache, or Redis down (the tolerant backend then stores nothing): the page, the role page and
    the downloads use what was just computed, instead of "being computed" for ever."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    html = client.get("/reseau/").content.decode()
    assert "net-svg" in html and 'http-equiv="refresh"' not in html
    assert 'id="ego-aibsl-svg"' in client.get(network["aibsl"].get_absolute_url()).content.decode()
    assert client.get("/reseau/export.gexf").status_code == 200
    assert client.get("/reseau/?compare=2018-06-01").status_code == 200


def test_a_small_network_has_no_picture_of_its_own_and_asking_computes_nothing(client, network):
    """Its picture is inline: /reseau/carte.svg answers 404 (not 503, "try again"), and anyone asking for it
    makes no view be computed."""
    with mock.patch.object(snapshot_module, "compute_view", wraps=snapshot_module.compute_view) as computed:
        assert client.get("/reseau/carte.svg").status_code == 404
        assert computed.call_count == 0
        assert client.get("/reseau/").status_code == 200
        assert client.get("/reseau/carte.svg").status_code == 404
        assert client.get("/en/network/map.svg").status_code == 404
    assert computed.call_count == 1


def test_a_cached_comparison_costs_no_more_queries_than_the_page(client, network):
    """The data version (five queries) is read once per request, for the page and its comparison."""
    _page, page_queries = _cached_page(client, "/reseau/")
    _compared, compared_queries = _cached_page(client, "/reseau/?compare=2018-06-01")
    assert compared_queries == page_queries


def test_a_download_on_a_miss_builds_the_graph_once_per_language(client, network):
    """The view computed for it hands its graph to the download: not built again from the database."""
    with mock.patch.object(snapshot_module, "build_graph", wraps=snapshot_module.build_graph) as built:
        assert client.get("/reseau/export.gexf").status_code == 200
    assert built.call_count == 2  # French (the download's and the picture's), English (the ties' titles)
