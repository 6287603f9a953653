"""Uncached public pages (an editor, a cold page cache) take their Site, route, restriction check, body and
listings from parts kept per content version (portal/routing.py, portal_tags.page_body, the home page's,
calendar's and practices' parts): fewer queries, and every change still shows on the next request."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from portal.pages import StandardPage
from tests.factories import add_page, make_calendar, make_event, make_home, make_practice, make_practice_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def parts(page_parts):
    """The page cache bypassed, parts cached (tests/conftest.py)."""


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_a_page_is_served_in_one_query_once_its_parts_are_cached(parts):
    home, _ = make_home(intro="Bienvenue.")
    add_page(home, StandardPage, title="La ville", slug="la-ville", intro="Rimouski.")
    client = Client()
    client.get("/")  # the first page ever served creates the footer's settings row (a new content version)
    for url in ("/", "/la-ville/"):
        first, _ = _queries(client, url)
        second, count = _queries(client, url)
        assert first.status_code == second.status_code == 200
        assert first.content == second.content
        # was 8 (home) and 7 (a plain page): site, locale, route, specific, ancestors, restrictions…
        assert count == 1, url


def test_a_restricted_page_stays_restricted_and_so_do_its_children(parts):
    home, _ = make_home()
    private = add_page(home, StandardPage, title="Interne", slug="interne")
    child = add_page(private, StandardPage, title="Sous-page", slug="sous-page")
    client = Client()
    assert client.get("/interne/sous-page/").status_code == 200  # route cached while public
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    for url in ("/interne/", "/interne/sous-page/", "/interne/sous-page/"):
        response = client.get(url)
        assert response.status_code == 302 and "next=" in response["Location"], url
    assert child.live


def test_the_restricted_paths_are_read_once_for_listings_and_serving(parts):
    """Public listings (`restricted_q`) and the serve view's check (`may_be_restricted`) share one part of the
    restricted pages' paths: one read of the restrictions table a content version (two parts read it before)."""
    from portal.page_cache import restricted_q
    from portal.routing import may_be_restricted

    home, _ = make_home()
    private = add_page(home, StandardPage, title="Interne", slug="interne")
    child = add_page(private, StandardPage, title="Sous-page", slug="sous-page")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    with CaptureQueriesContext(connection) as queries:
        assert not StandardPage.objects.exclude(restricted_q()).filter(pk=child.pk).exists()
        assert may_be_restricted(child) and not may_be_restricted(home)
    reads = [q["sql"] for q in queries.captured_queries if "wagtailcore_pageviewrestriction" in q["sql"]]
    assert len(reads) == 1, reads


def test_an_unpublished_or_renamed_page_is_gone_on_the_next_request(parts):
    home, _ = make_home()
    page = add_page(home, StandardPage, title="La ville", slug="la-ville")
    client = Client()
    assert client.get("/la-ville/").status_code == 200
    page.slug = "notre-ville"
    page.save_revision().publish()
    assert client.get("/la-ville/").status_code == 404
    assert client.get("/notre-ville/").status_code == 200
    page.unpublish()
    assert client.get("/notre-ville/").status_code == 404


def test_a_body_change_shows_on_the_next_request(parts):
    home, _ = make_home()
    page = add_page(home, StandardPage, title="La ville", slug="la-ville",
                    body=[("paragraph", "<p>Première version.</p>")])
    client = Client()
    assert "Première version." in client.get("/la-ville/").content.decode()
    page.body = [("paragraph", "<p>Deuxième version.</p>")]
    page.save_revision().publish()
    body = client.get("/la-ville/").content.decode()
    assert "Deuxième version." in body and "Première version." not in body


def test_a_preview_shows_the_draft_body_not_the_cached_one(parts):
    home, _ = make_home()
    page = add_page(home, StandardPage, title="La ville", slug="la-ville", body=[("paragraph", "<p>Publiée.</p>")])
    assert "Publiée." in Client().get("/la-ville/").content.decode()
    page.body = [("paragraph", "<p>Brouillon.</p>")]
    preview = page.make_preview_request()
    assert "Brouillon." in preview.rendered_content and "Publiée." not in preview.rendered_content


def test_an_event_leaves_the_home_page_and_the_calendars_upcoming_list_when_it_is_over(parts, monkeypatch):
    home, _ = make_home()
    calendar = make_calendar(home)
    now = timezone.now()
    make_event(calendar, "Soirée bientôt finie", start=now - dt.timedelta(hours=1), end=now + dt.timedelta(hours=1))
    make_event(calendar, "Formation plus tard", start=now + dt.timedelta(days=3))
    client = Client()
    assert "Soirée bientôt finie" in client.get("/").content.decode()
    listed = client.get("/calendrier/").content.decode()
    assert listed.index("Soirée bientôt finie") < listed.index("Past events" if "Past events" in listed
                                                                else "Activités passées")
    # Two hours later, with no write in between (so the same content version):
    monkeypatch.setattr(timezone, "now", lambda: now + dt.timedelta(hours=2))
    home_body = client.get("/").content.decode()
    assert "Soirée bientôt finie" not in home_body and "Formation plus tard" in home_body
    calendar_body = client.get("/calendrier/").content.decode()
    upcoming, past = calendar_body.split('id="past-heading"')
    assert "Soirée bientôt finie" not in upcoming and "Soirée bientôt finie" in past


def test_practices_filter_is_cached_per_theme_and_refuses_unknown_themes(parts):
    from tests.factories import make_theme

    home, _ = make_home()
    index = make_practice_index(home)
    health = make_theme()
    make_practice(index, "Le jumelage", themes=[health])
    make_practice(index, "La cuisine", themes=[])
    client = Client()
    client.get("/")  # the footer's settings row
    for _ in range(2):
        assert client.get("/pratiques/").content.decode().count('class="card"') == 2
        assert client.get("/pratiques/?theme=sante").content.decode().count('class="card"') == 1
        assert client.get("/pratiques/?theme=inconnu").status_code == 404
    _, count = _queries(client, "/pratiques/?theme=sante")
    assert count == 1
