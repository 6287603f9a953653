"""The directory index is paginated and filtered in SQL: the same queries for 3 or 60 organisations, 50 a page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Sector
from tests.factories import make_directory_page, make_organization

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
