"""The network page (Wagtail NetworkPage), its downloads and its cache, for the three personas."""

import datetime
from unittest import mock

import pytest

from network import snapshot as snapshot_module
from tests.factories import make_network_page, make_organization, make_partnership, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(db):
    aibsl = make_organization("aibsl", acronym="AIBSL", name="Accueil et Intégration Bas-Saint-Laurent")
    cisss = make_organization("cisss", kind="state", acronym="CISSS")
    css = make_organization("css", kind="state", acronym="CSS")
    moisson = make_organization("moisson", acronym="Moisson")
    table = make_organization("table", kind="concertation", acronym="Table")
    make_partnership([aibsl, cisss, css], kind="agreement", since=datetime.date(2017, 1, 11), name="Entente-cadre")
    make_partnership([aibsl, moisson], kind="service", since=datetime.date(2019, 3, 1), name="Aide alimentaire")
    make_partnership([aibsl, table], kind="concertation", since=datetime.date(2018, 1, 1), name="Table immigration")
    make_partnership([cisss, moisson], is_public=False, name="Entente confidentielle")
    page = make_network_page()
    return {"aibsl": aibsl, "cisss": cisss, "moisson": moisson, "page": page}


@pytest.fixture
def member(network):
    return make_user("caseworker", network["moisson"])


def test_anonymous_sees_public_partnerships_and_aibsl_brokerage(client, network):
    response = client.get("/reseau/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="net-svg"' in html
    assert "Entente-cadre" in html
    assert "confidentielle" not in html
    assert "AIBSL est le seul lien entre" in html  # explained in plain French
    assert 'id="row-aibsl"' in html and "<caption>" in html
    assert 'href="/reseau/export.gexf"' in html
    assert "network/network.js" in html and "<script>" not in html and 'style="' not in html


def test_signed_in_without_membership_sees_public_only(client, network):
    client.force_login(make_user("visitor"))
    assert "confidentielle" not in client.get("/reseau/").content.decode()


def test_partner_member_sees_partners_only_partnerships(client, network, member):
    client.force_login(member)
    html = client.get("/reseau/").content.decode()
    assert "Entente confidentielle" in html
    assert "Referral flows" in html or "Flux de références" in html  # the layer is offered to partners


def test_filters_and_as_of_date_change_the_picture(client, network):
    html = client.get("/reseau/", {"as_of": "2017-06-01"}).content.decode()
    assert "Aide alimentaire" not in html and "Entente-cadre" in html
    html = client.get("/reseau/", {"kinds": "state"}).content.decode()
    assert 'data-node="aibsl"' not in html and 'data-node="cisss"' in html


def test_bad_filter_is_a_message_not_a_crash(client, network):
    response = client.get("/reseau/", {"as_of": "pas-une-date", "kinds": "nope"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_comparison_with_2017_lists_new_ties(client, network):
    html = client.get("/reseau/", {"compare": "2017-12-31"}).content.decode()
    assert "Changements depuis le 31 décembre 2017" in html
    assert "Moisson" in html
    assert "Partenariats en vigueur à la fin de chaque année" in html


def test_page_in_english(client, network):
    from portal.demo import ensure_locales, translate_page

    _fr, en = ensure_locales()
    translate_page(network["page"], en, {"title": "Network", "slug": "network"})
    response = client.get("/en/network/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "AIBSL is the only link between" in html
    assert "The same facts as a table" in html


def test_downloads_follow_the_filters_and_visibility(client, network, member):
    import io

    import networkx as nx

    response = client.get("/reseau/export.gexf", {"kinds": "state"})
    assert response["Content-Disposition"].startswith("attachment;")
    assert set(nx.read_gexf(io.BytesIO(response.content))) == {"cisss", "css"}
    assert b"confidentielle" not in client.get("/reseau/export.graphml").content
    client.force_login(member)
    assert b"confidentielle" in client.get("/reseau/export.graphml").content
    assert client.get("/reseau/export.pdf").status_code == 404
    bad = client.get("/reseau/export.csv", {"as_of": "hier"})
    assert bad.status_code == 400 and "as_of" in bad.content.decode()


def test_cached_page_is_served_without_recomputing(client, network):
    from django.core.cache import cache

    cache.clear()
    with mock.patch.object(snapshot_module, "compute_metrics", wraps=snapshot_module.compute_metrics) as spy:
        client.get("/reseau/")
        client.get("/reseau/")
        client.get("/reseau/export.csv")
        assert spy.call_count == 1
        make_partnership([network["cisss"], network["moisson"]], name="Nouvelle entente")
        html = client.get("/reseau/").content.decode()
        assert spy.call_count == 2
        assert "Nouvelle entente" in html


def test_cached_page_reads_only_the_data_version(client, network):
    """Served from the cache, the network costs six cheap queries: the sectors of the filter form and the
    five count/max aggregates of the data version (the rest is Wagtail's page serving and the site chrome)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/reseau/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/reseau/")
    ours = [q["sql"] for q in queries.captured_queries
            if ("directory_" in q["sql"] or "network_" in q["sql"]) and "wagtailcore_page" not in q["sql"]]
    assert len(ours) == 6, ours
    assert all("COUNT" in sql or "directory_sector" in sql for sql in ours)
    assert len(queries.captured_queries) <= 30


def test_warm_command_fills_the_cache_for_the_page(client, network):
    import io

    from django.core.cache import cache
    from django.core.management import call_command

    cache.clear()
    out = io.StringIO()
    with mock.patch.object(snapshot_module, "compute_metrics", wraps=snapshot_module.compute_metrics) as metrics, \
            mock.patch.object(snapshot_module, "layout", wraps=snapshot_module.layout) as layout:
        call_command("network_warm", stdout=out)
    assert "fr, en" in out.getvalue()
    # Four views, each in both languages: the graph's metrics and layout once per view, not per language.
    assert metrics.call_count == 4 and layout.call_count == 4
    with mock.patch.object(snapshot_module, "compute_metrics") as spy:
        assert client.get("/reseau/").status_code == 200
        assert spy.call_count == 0
