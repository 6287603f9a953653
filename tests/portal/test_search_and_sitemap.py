"""Site search in the visitor's language, sitemap.xml for both languages, robots.txt."""

import pytest

from portal.pages import StandardPage
from tests.factories import add_page, make_home, translate


@pytest.fixture
def home(db):
    home, _ = make_home()
    city = add_page(home, StandardPage, title="La ville", slug="la-ville", intro="Rimouski au bord du fleuve.")
    translate(city, title="The city", slug="the-city", intro="Rimouski on the river.")
    add_page(home, StandardPage, title="Brouillon fleuve", slug="brouillon", intro="fleuve", publish=False)
    return home


def test_search_finds_pages_in_the_current_language_only(client, home):
    html = client.get("/recherche/", {"q": "Rimouski"}).content.decode()
    assert 'href="/la-ville/"' in html and "/en/the-city/" not in html
    html = client.get("/en/search/", {"q": "Rimouski"}).content.decode()
    assert 'href="/en/the-city/"' in html and 'href="/la-ville/"' not in html


def test_search_echoes_the_query_and_counts_results(client, home):
    html = client.get("/recherche/", {"q": "fleuve"}).content.decode()
    assert 'value="fleuve"' in html
    assert "1 résultat pour «\u00a0fleuve\u00a0»" in html
    assert "Brouillon" not in html


def test_search_escapes_the_query(client, home):
    html = client.get("/recherche/", {"q": "<script>x</script>"}).content.decode()
    assert "<script>x" not in html
    assert "<script>x</script>" not in html
    assert 'value="script x script"' in html  # the words searched, without the markup


def test_search_without_query_shows_only_the_form(client, home):
    response = client.get("/recherche/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="search-q">' in html and 'id="results-heading"' not in html


def test_search_paginates(client, home):
    for number in range(12):
        add_page(home, StandardPage, title=f"Pratique {number}", slug=f"pratique-{number}", intro="jumelage")
    overview = client.get("/recherche/", {"q": "jumelage"}).content.decode()
    assert overview.count('class="search-result"') == 5  # the first five of the kind, and a link to all
    assert 'href="/recherche/?q=jumelage&amp;kind=pages"' in overview
    first = client.get("/recherche/", {"q": "jumelage", "kind": "pages"}).content.decode()
    assert "12 résultats" in first and "Page 1 sur 2" in first
    assert first.count('class="search-result"') == 10
    assert 'href="?q=jumelage&amp;kind=pages&amp;page=2" rel="next"' in first
    second = client.get("/recherche/", {"q": "jumelage", "kind": "pages", "page": 2}).content.decode()
    assert second.count('class="search-result"') == 2
    assert client.get("/recherche/", {"q": "jumelage", "kind": "pages", "page": "abc"}).status_code == 200


def test_sitemap_lists_both_languages(client, home):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "http://localhost/la-ville/" in xml
    assert "http://localhost/en/the-city/" in xml
    assert "http://localhost/en/" in xml
    assert "brouillon" not in xml


def test_robots_points_to_the_sitemap(client, db):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text and "Sitemap: http://testserver/sitemap.xml" in text


def test_favicon_ico_redirects_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
