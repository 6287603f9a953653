"""The directory index is paginated and filtered in SQL: the same queries for 3 or 60 organisations, 50 a page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Sector
from tests.factories import make_directory_page, make_language, make_organization

pytestmark = pytest.mark.django_db


def _queries(client, url) -> tuple[int, str]:
    client.get(url)  # warm the per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_index_queries_do_not_grow_and_pages_hold_fifty(client):
    make_directory_page()
    sector = Sector.objects.create(slug="sante", name_fr="Santé", name_en="Health")
    for n in range(3):
        make_organization(f"petit-{n}", sectors=[sector])
    few, _html = _queries(client, "/repertoire/")
    for n in range(57):
        make_organization(f"grand-{n:02d}", sectors=[sector])
    many, html = _queries(client, "/repertoire/")
    assert few == many
    assert html.count('class="organization-card"') == 50 and 'rel="next"' in html and "60 organismes" in html
    second = client.get("/repertoire/?page=2").content.decode()
    assert second.count('class="organization-card"') == 10 and 'rel="prev"' in second


def test_cards_name_sectors_and_languages_in_order_and_in_the_page_language(client):
    make_directory_page()
    health = Sector.objects.create(slug="sante", name_fr="Santé", name_en="Health")
    housing = Sector.objects.create(slug="logement", name_fr="Logement", name_en="Housing")
    organization = make_organization("clinique", name="Clinique", name_en="Clinic", acronym="CLQ",
                                      mandate_fr=" ".join(["mot"] * 45), sectors=[health, housing])
    organization.languages.add(make_language("sw", "Swahili", "Swahili"), make_language("ar", "Arabe", "Arabic"))
    french = client.get("/repertoire/").content.decode()
    assert '<a href="/organismes/clinique/">Clinique</a>' in french and "(CLQ)" in french
    assert "Logement, Santé" in french and 'Arabe, Swahili' in french
    # The names are written in the page's language ("Arabe"), so they carry no lang of the language they name
    # (a screen reader would read "Arabe" with an Arabic voice: WCAG 3.1.2).
    assert '<span lang="ar">' not in french
    assert " ".join(["mot"] * 40) + " …" in french
    english = client.get("/en/directory/").content.decode()
    assert '<a href="/en/organizations/clinique/">Clinic</a>' in english
    assert "Housing, Health" in english and "Arabic" in english  # French order, as the lists
    assert '<span lang="ar">' not in english


def test_cards_read_no_sector_or_language_rows_once_warm(client, settings, monkeypatch):
    """Sectors and languages are named from the filters' cached vocabulary: a page reads only which
    organisation has which (two id-pair queries), never the sector and language rows again."""
    from django.core.cache import cache

    from portal import page_cache

    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    monkeypatch.setattr(page_cache, "_cacheable_request", lambda request: False)  # the page itself rendered
    make_directory_page()
    sector = Sector.objects.create(slug="sante", name_fr="Santé", name_en="Health")
    for n in range(3):
        make_organization(f"petit-{n}", sectors=[sector])
    client.get("/repertoire/")  # the first page ever served creates the footer's settings row: a new version
    client.get("/repertoire/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/repertoire/")
    assert "Santé" in response.content.decode() and page_cache.HEADER not in response
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert 'FROM "directory_sector"' not in tables and 'FROM "directory_language"' not in tables
    assert 'FROM "directory_pathwaystep"' not in tables


def test_filters_count_each_organisation_once_without_distinct(client):
    from directory.models import ResponsibilityLevel
    from tests.factories import make_responsibility, make_step

    make_directory_page()
    health = Sector.objects.create(slug="sante", name_fr="Santé", name_en="Health")
    housing = Sector.objects.create(slug="logement", name_fr="Logement", name_en="Housing")
    step, other_step = make_step("medecin"), make_step("ramq")
    arabic, swahili = make_language("ar", "Arabe", "Arabic"), make_language("sw", "Swahili", "Swahili")
    clinic = make_organization("clinique", name="Clinique", sectors=[health, housing])
    clinic.languages.add(arabic, swahili)
    make_responsibility(clinic, step, ResponsibilityLevel.LEAD)
    make_responsibility(clinic, other_step, ResponsibilityLevel.SUPPORT)
    make_organization("autre", name="Autre", sectors=[housing])
    url = "/repertoire/?q=clinique&sector=sante&language=ar&step=medecin"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert html.count('class="organization-card"') == 1 and "1 organisme" in html
    directory_queries = [q["sql"] for q in queries.captured_queries if 'FROM "directory_organization"' in q["sql"]]
    assert directory_queries and not any("DISTINCT" in sql for sql in directory_queries), directory_queries
    assert client.get("/repertoire/?sector=logement").content.decode().count('class="organization-card"') == 2
