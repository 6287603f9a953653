"""Every public English page is English (issue 13): a crawl from /en/ follows the English links and finds no
French-only text it can detect — the organisations' French names where they have an English one, links
back into the French URL space (/en/reseau/…), percentages written the French way (78 %)."""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest

from directory.models import OrganizationKind, ResponsibilityLevel
from tests.factories import (
    local,
    make_calendar,
    make_directory_page,
    make_event,
    make_organization,
    make_partnership,
    make_responsibility,
    make_step,
    translate,
)

pytestmark = pytest.mark.django_db

FRENCH_NAMES = {"Employeurs de la région": "Local employers", "Propriétaires immobiliers": "Landlords"}
MAX_PAGES = 60


@pytest.fixture
def site():
    from network.pages import NetworkPage

    home = make_directory_page().get_parent()
    network = NetworkPage(title="Réseau", slug="reseau", locale=home.locale, show_in_menus=True)
    home.add_child(instance=network)
    network.save_revision().publish()
    translate(network, title="Network", slug="network", show_in_menus=True)
    employers = make_organization("employeurs", name="Employeurs de la région", name_en="Local employers",
                                  kind=OrganizationKind.PRIVATE)
    landlords = make_organization("proprietaires", name="Propriétaires immobiliers", name_en="Landlords",
                                  kind=OrganizationKind.PRIVATE)
    aibsl = make_organization("aibsl", name="Accueil et Intégration Bas-Saint-Laurent", acronym="AIBSL")
    housing = make_step("logement", name_fr="Recherche de logement", name_en="Housing search")
    make_responsibility(aibsl, housing, ResponsibilityLevel.LEAD)
    make_responsibility(landlords, housing, ResponsibilityLevel.SUPPORT)
    make_partnership([aibsl, employers, landlords], kind="informal", name="Intégration en emploi")
    calendar = make_calendar(home)
    translate(calendar, title="Calendar", slug="calendar", show_in_menus=True)
    fair = make_event(calendar, "Salon de l'emploi", start=local(2030, 5, 1, 18), organizer=employers)
    translate(fair, title="Job fair", slug="job-fair", summary="Meet local employers.")


def crawl(client, start="/en/"):
    seen, queue, pages = set(), [start], {}
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        if not response["Content-Type"].startswith("text/html"):
            continue
        body = response.content.decode()
        pages[path] = body
        for href in re.findall(r'href="([^"#]+)', body):
            url = urlsplit(unescape(href))
            if url.netloc or not url.path.startswith("/en/") or url.query:
                continue
            if any(part in url.path for part in ("/referrals/", "/arrivals/", "/shared-space/", "/account/",
                                                 "/admin/", ".ics", "/export.", "/feed")):
                continue
            queue.append(url.path)
    return pages


def test_english_pages_have_no_french_leftovers(client, site):
    pages = crawl(client)
    assert "/en/calendar/job-fair/" in pages
    assert "/en/organizations/employeurs/" in pages and any(path.startswith("/en/network") for path in pages)
    for path, body in pages.items():
        main = body[body.find("<main"):body.find("</main>")] if "<main" in body else body
        main = re.sub(r'<span lang="fr">[^<]*</span>', "", main)  # French on purpose, marked as such
        text = unescape(re.sub(r"<[^>]+>", " ", main))
        for french, english in FRENCH_NAMES.items():
            assert french not in text, f"{path} names {french!r} in French (English: {english!r})"
        assert "/en/reseau/" not in body and 'href="/reseau/' not in main, f"{path} links into the French network"
        assert not re.search(r"\d[\u00a0\u202f ]%", text), f"{path} writes a percentage the French way"


def test_an_english_calendar_file_names_the_organiser_in_english(client, site):
    body = client.get("/en/calendar/job-fair/ics/").content.decode()
    assert "Local employers" in body and "Employeurs de la région" not in body
