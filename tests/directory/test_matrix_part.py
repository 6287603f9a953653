"""The matrix's grid and summary are one cached part per content version, language and filters (issue 8):
a change shows on the next request, a signed-in partner's work never enters it, and a warm part spares the
matrix's own queries whatever the number of organisations."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.models import ResponsibilityLevel
from tests.concertation.factories import World
from tests.factories import make_organization, make_responsibility, make_step

pytestmark = pytest.mark.django_db


def _page(client, url="/repertoire/matrice/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def test_a_new_responsibility_shows_on_the_next_request(parts_cached):
    step = make_step("garderie", name_fr="Service de garde")
    make_responsibility(make_organization("cpe", acronym="CPE"), step, ResponsibilityLevel.SUPPORT)
    client = Client()
    html, _queries = _page(client)
    assert "CSSS" not in html and "Service de garde" in html
    make_responsibility(make_organization("csss", acronym="CSSS"), step, ResponsibilityLevel.LEAD)
    html, _queries = _page(client)
    assert ">CSSS</a>" in html and 'matrix__row--ok' in html


def test_the_part_holds_each_language_and_filter(parts_cached):
    step = make_step("garderie", name_fr="Service de garde", name_en="Daycare")
    make_responsibility(make_organization("cpe", acronym="CPE"), step, ResponsibilityLevel.LEAD)
    client = Client()
    assert "Service de garde" in _page(client)[0]
    assert "Daycare" in _page(client, "/en/directory/matrix/")[0]
    assert "CPE" not in _page(client, "/repertoire/matrice/?kind=state")[0]
    assert "CPE" in _page(client, "/repertoire/matrice/")[0]


def test_a_warm_part_spares_the_matrix_queries_at_two_sizes(parts_cached):
    step = make_step("garderie")
    make_responsibility(make_organization("cpe"), step, ResponsibilityLevel.LEAD)
    client = Client()
    _page(client)  # the first page ever served creates the footer's settings row: a new content version
    _page(client)
    _html, small = _page(client)
    for number in range(12):
        make_responsibility(make_organization(f"plus-{number}"), step, ResponsibilityLevel.SUPPORT)
    _page(client)  # the data changed: the part is drawn again once
    html, large = _page(client)
    assert len(large) == len(small) and html.count("plus-") >= 12
    assert not any("directory_responsibility" in sql for sql in large), large


def test_a_partners_work_never_enters_the_shared_part(parts_cached):
    world = World()
    make_responsibility(world.org_a, world.step, ResponsibilityLevel.SUPPORT)  # a gap: nobody leads
    world.action(text="Action garderie partagée", step=world.step, visibility="partners")
    alice = Client()
    alice.force_login(world.alice)
    assert "Action garderie partagée" in _page(alice)[0]  # signed in first: the part is drawn now
    anonymous, _queries = _page(Client())
    assert "Service de garde" in anonymous and "Action garderie" not in anonymous


def test_a_signed_in_miss_builds_the_matrix_once(parts_cached, monkeypatch):
    """A signed-in partner's page needs the matrix for its own summary; on a miss the shared parts are rendered
    from that same matrix (it was built twice: its queries and its grouping, once for each)."""
    from directory import matrix as matrix_module
    from directory import pages

    world = World()
    make_responsibility(world.org_a, world.step, ResponsibilityLevel.SUPPORT)
    calls = []
    original = matrix_module.build_matrix

    def counted(**filters):
        calls.append(filters)
        return original(**filters)

    monkeypatch.setattr(matrix_module, "build_matrix", counted)
    monkeypatch.setattr(pages, "build_matrix", counted)
    alice = Client()
    alice.force_login(world.alice)
    html, _queries = _page(alice)  # a cold part: the miss
    assert len(calls) == 1 and "Service de garde" in html
    assert "Service de garde" in _page(Client())[0]  # the part it left serves visitors
    assert len(calls) == 1


def test_route_links_are_a_part(parts_cached):
    """The matrix's links and its language switcher's URLs are kept per content version: a warm matrix page
    reads neither the page's translations nor its locale (8 queries, all the frame's and Wagtail's routing;
    13 before issue 8), and the switcher still reaches the translated route with its filters."""
    make_step("garderie")
    client = Client()
    _page(client, "/repertoire/matrice/?stage=arrival")
    _page(client, "/repertoire/matrice/?stage=arrival")
    html, queries = _page(client, "/repertoire/matrice/?stage=arrival")
    assert 'hreflang="en" href="/en/directory/matrix/?stage=arrival"' in html
    assert len(queries) <= 8, queries
    html, _queries = _page(client, "/repertoire/matrice/?kind=state")
    assert 'hreflang="en" href="/en/directory/matrix/?kind=state"' in html
