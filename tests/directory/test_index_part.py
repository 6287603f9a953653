"""The directory index's listing (filters, count, cards, pagination) is one cached part per content version,
language and query string (issue 8): a change shows on the next request, each query keeps its own listing,
and a warm page reads no organisation whatever the directory's size."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.models import OrganizationKind
from tests.factories import make_language, make_organization, make_sector

pytestmark = pytest.mark.django_db


def _page(client, url="/repertoire/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def test_a_change_shows_on_the_next_request(parts_cached):
    cpe = make_organization("cpe", name="CPE des Marées")
    client = Client()
    html, _queries = _page(client)
    assert "CPE des Marées" in html and "1 organisme" in html
    make_organization("clinique", name="Clinique des réfugiés")
    cpe.name = "CPE Les Marées"
    cpe.save()
    cpe.sectors.add(make_sector("famille", "Famille", "Family"))
    html, _queries = _page(client)
    assert "Clinique des réfugiés" in html and "CPE Les Marées" in html and "2 organismes" in html
    assert "Famille" in html


def test_the_part_holds_each_language_filter_and_page(parts_cached):
    make_organization("cpe", name="CPE des Marées", name_en="Tides Daycare")
    make_organization("ministere", name="Ministère", kind=OrganizationKind.STATE)
    for number in range(50):
        make_organization(f"organisme-{number:02d}", name=f"Organisme {number:02d}")
    client = Client()
    first, _queries = _page(client)
    assert "CPE des Marées" in first and 'rel="next"' in first and "Organisme 49" not in first
    assert "Tides Daycare" in _page(client, "/en/directory/")[0]
    state, _queries = _page(client, "/repertoire/?kind=state")
    assert "Ministère" in state and "CPE des Marées" not in state and 'value="state" selected' in state
    second, _queries = _page(client, "/repertoire/?page=2")
    assert "Organisme 49" in second and "CPE des Marées" not in second
    searched, _queries = _page(client, "/repertoire/?q=march%C3%A9&page=2&source=infolettre")
    assert 'value="marché"' in searched and "0 organisme" in searched
    invalid, _queries = _page(client, "/repertoire/?kind=nonsense")
    assert 'aria-invalid="true"' in invalid and "CPE des Marées" in invalid
    assert _page(client)[0] == first  # each query its own part, the first one kept


def test_a_warm_index_reads_no_organisation_at_two_sizes(parts_cached):
    make_organization("cpe", name="CPE des Marées")
    client = Client()
    _page(client)  # the first page ever served creates the footer's settings row: a new content version
    _page(client)
    _html, small = _page(client)
    for number in range(60):
        organization = make_organization(f"organisme-{number:02d}", name=f"Organisme {number:02d}")
        organization.sectors.add(make_sector(f"secteur-{number}", f"Secteur {number}", f"Sector {number}"))
    organization.languages.add(make_language("ar", "Arabe", "Arabic"))
    _page(client)  # the data changed: the listing is drawn again once
    html, large = _page(client)
    assert "61 organismes" in html and html.count('class="organization-card"') == 50
    assert len(large) == len(small) <= 1, large
    assert not any("directory_organization" in sql for sql in large), large
