"""One search for everything public: organisations, pathway steps, pages, practices and events, accents and
case ignored, stemmed, with the synonyms of portal/search_synonyms.json; never anything non-public."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concertation.models import PartnerEvent
from portal.pages import StandardPage
from portal.search import build_query, clean_query, fold, synonyms_of
from tests.factories import (
    add_page,
    local,
    make_calendar,
    make_directory_page,
    make_event,
    make_organization,
    make_practice,
    make_practice_index,
    make_responsibility,
    make_step,
)

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'class="search-result__title"><a href="[^"]*">([^<]+)</a>', html)


def groups(html: str) -> dict[str, int]:
    return {key: int(count) for key, count in re.findall(r'<h3 id="results-([a-z]+)">[^<(]+\((\d+)\)</h3>', html)}


@pytest.fixture
def city():
    directory = make_directory_page()
    home = directory.get_parent().specific
    cisss = make_organization("cisss", name="Centre intégré de santé et de services sociaux", acronym="CISSS",
                              mandate_fr="Réseau public de santé : hôpital, CLSC, clinique des réfugiés.",
                              mandate_en="Public health network: hospital, local clinics, refugee clinic.",
                              phone="418 555-0101")
    school = make_organization("css", name="Centre de services scolaire des Phares",
                               mandate_fr="Les écoles primaires et secondaires publiques.",
                               mandate_en="Public primary and secondary schools.")
    moisson = make_organization("moisson", name="Moisson Rimouski-Neigette",
                                mandate_fr="Banque alimentaire régionale.", mandate_en="Regional food bank.")
    make_organization("fermee", name="Hôpital fermé", mandate_fr="Hôpital fermé.", is_active=False)
    doctor = make_step("medecin-famille", name_fr="Médecin de famille (GAMF)", name_en="Family doctor (GAMF)",
                       description_fr="Inscription au Guichet d'accès à un médecin de famille.",
                       description_en="Registration with the family doctor waiting list.")
    housing = make_step("logement", name_fr="Recherche de logement et bail", name_en="Housing search and lease")
    make_responsibility(cisss, doctor, "lead")
    make_responsibility(school, housing, "informed")
    add_page(home, StandardPage, title="Se loger à Rimouski", slug="se-loger", intro="Les logements de la ville.")
    practices = make_practice_index(home)
    make_practice(practices, "Jumelage", summary="Des bénévoles et une famille, pour trouver un logement.")
    calendar = make_calendar(home)
    make_event(calendar, "Soirée logement", start=local(2030, 5, 1, 18), summary="Tout savoir sur le bail.")
    PartnerEvent.objects.create(title="Logement : réunion privée", starts_at=local(2030, 5, 2, 9),
                                organizer=moisson, description="logement")
    return {"cisss": cisss, "school": school, "moisson": moisson, "doctor": doctor, "housing": housing}


def test_query_cleaning_keeps_words_only():
    assert clean_query('  "logement" & | :* \x00 bail ') == "logement bail"
    assert clean_query("x" * 5000) == "x" * 200
    assert clean_query("a " * 100) == " ".join(["a"] * 12)
    assert clean_query(None) == "" and clean_query("&|!") == ""
    assert fold("Hôpital Sœurs") == "hopital soeurs"


def test_synonyms_come_from_the_data_file():
    assert "GAMF" in synonyms_of("médecin") and "family doctor" in synonyms_of("Medecin")
    assert "CISSS" in synonyms_of("hopital")
    assert "CPE" in synonyms_of("garderie") and "Moisson" in synonyms_of("aide alimentaire")
    assert synonyms_of("fleuve") == []
    assert build_query("") is None


@pytest.mark.parametrize("query", ["hopital", "HÔPITAL", "hospital"])
def test_hospital_without_accent_finds_the_health_network_first(client, city, query):
    html = client.get("/recherche/", {"q": query}).content.decode()
    assert titles(html)[0] == "Centre intégré de santé et de services sociaux"
    assert "Hôpital fermé" not in html  # a deactivated organisation never shows


def test_housing_finds_the_step_the_page_the_practice_and_the_event_never_the_partners_only_one(client, city):
    html = client.get("/recherche/", {"q": "logement"}).content.decode()
    found = titles(html)
    assert {"Recherche de logement et bail", "Se loger à Rimouski", "Jumelage", "Soirée logement"} <= set(found)
    assert "réunion privée" not in html
    assert groups(html) == {"steps": 1, "pages": 1, "practices": 1, "events": 1}


def test_stemming_and_accents_in_both_languages(client, city):
    # "logements" (plural) and "ecoles" (no accent, plural) still find their singular forms.
    assert "Recherche de logement et bail" in titles(client.get("/recherche/", {"q": "logements"}).content.decode())
    assert "Centre de services scolaire des Phares" in titles(
        client.get("/recherche/", {"q": "ecole"}).content.decode())
    english = client.get("/en/search/", {"q": "school"}).content.decode()
    assert "Centre de services scolaire des Phares" in titles(english)


def test_doctor_synonyms_find_the_family_doctor_step_with_its_lead(client, city):
    for query in ("médecin", "docteur", "family doctor", "GAMF"):
        html = client.get("/recherche/", {"q": query}).content.decode()
        assert "Médecin de famille (GAMF)" in titles(html), query
    html = client.get("/recherche/", {"q": "medecin"}).content.decode()
    assert "Centre intégré de santé et de services sociaux" in html.split("Médecin de famille (GAMF)")[1]
    assert 'href="/repertoire/qui-contacter/?step=medecin-famille"' in html
    english = client.get("/en/search/", {"q": "doctor"}).content.decode()
    assert "Family doctor (GAMF)" in titles(english)
    assert 'href="/en/directory/who-to-contact/?step=medecin-famille"' in english


def test_one_kind_paginated(client, city):
    html = client.get("/recherche/", {"q": "aide alimentaire", "kind": "organisations"}).content.decode()
    assert titles(html) == ["Moisson Rimouski-Neigette"]
    unknown = client.get("/recherche/", {"q": "logement", "kind": "nope"})
    assert unknown.status_code == 200  # an unknown kind: the grouped overview, as without `kind`
    overview = groups(client.get("/recherche/", {"q": "logement"}).content.decode())
    assert overview and groups(unknown.content.decode()) == overview


@pytest.mark.parametrize("query", ["", " ", "x" * 2000, "a\x00b", '"', "&", "|", ":*", "!(", "'", "\\", "OR",
                                   "NEAR(a b)", "*", "-", "é" * 300, "<>", "a & b | !c:*"])
def test_no_input_breaks_the_search(client, query):
    make_directory_page()
    for path in ("/recherche/", "/en/search/", "/repertoire/", "/repertoire/qui-contacter/"):
        assert client.get(path, {"q": query}).status_code in (200, 400), (path, query)
    assert client.get("/recherche/", {"q": query, "kind": "steps"}).status_code in (200, 400)


def test_directory_keyword_filter_uses_the_same_engine(client, city):
    for query, expected in [("hopital", "Centre intégré"), ("école", "Centre de services scolaire"),
                            ("aide alimentaire", "Moisson Rimouski-Neigette"), ("HOSPITAL", "Centre intégré")]:
        html = client.get("/repertoire/", {"q": query}).content.decode()
        assert expected in html, query
    assert "Moisson" not in client.get("/repertoire/", {"q": "hopital"}).content.decode()


def _search_queries(client, query):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/recherche/", {"q": query}).status_code == 200
    return len(queries)


def _add_housing(numbers):
    for number in numbers:
        organization = make_organization(f"log-{number}", mandate_fr="Aide au logement.")
        step = make_step(f"logement-{number}", name_fr=f"Logement {number}")
        make_responsibility(organization, step, "lead")


def test_query_count_does_not_grow_with_the_data(client, city):
    _add_housing(range(1))
    client.get("/recherche/", {"q": "logement"})  # warm the site's caches
    small = _search_queries(client, "logement")
    _add_housing(range(1, 9))  # more organisations and steps than the overview shows
    large = _search_queries(client, "logement")
    assert large == small


def test_ligatures_are_folded_on_every_backend(client, city):
    make_organization("soeurs", name="Sœurs du Saint-Rosaire", mandate_fr="Congrégation.")
    for query in ("soeurs", "Sœurs", "SOEURS saint rosaire"):
        assert "Sœurs du Saint-Rosaire" in titles(client.get("/recherche/", {"q": query}).content.decode()), query


def test_phone_label_punctuated_as_each_language_writes_it(client, city):
    """French puts a (no-break) space before the colon: "Téléphone : 418…", English "Phone: 418…"."""
    french = client.get("/recherche/", {"q": "hopital"}).content.decode()
    english = client.get("/en/search/", {"q": "hospital"}).content.decode()
    assert "Téléphone\u00a0:" in french and "Téléphone:" not in french
    assert "Phone:" in english


def _restriction_reads(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return sum("wagtailcore_pageviewrestriction" in query["sql"] for query in queries)


def test_one_search_reads_the_view_restrictions_at_most_once_per_content_version(client, city, settings):
    """Wagtail's `.public()` read the restrictions table on each call: seven reads on one search request (the
    page kinds, their counts, the menu, the footer). They are read once per content version now."""
    settings.PAGE_CACHE_SECONDS = 300
    client.get("/recherche/", {"q": "logement"})  # the frame's parts and the restricted paths cached
    assert _restriction_reads(client, "/recherche/", {"q": "logement"}) == 0
    assert _restriction_reads(client, "/") <= 1  # Wagtail's own check of the page it serves


def test_a_page_behind_a_view_restriction_is_neither_searched_nor_in_the_menu(client, city, settings):
    from wagtail.models import PageViewRestriction

    settings.PAGE_CACHE_SECONDS = 300
    home = StandardPage.objects.get(slug="se-loger").get_parent()
    hidden = add_page(home, StandardPage, title="Logement des coulisses", slug="coulisses", show_in_menus=True)
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="x")
    html = client.get("/recherche/", {"q": "logement"}).content.decode()
    assert "Se loger à Rimouski" in titles(html) and "Logement des coulisses" not in html
    assert "/coulisses/" not in client.get("/").content.decode()


def test_page_results_come_as_their_own_type(city):
    from portal.site_search import grouped

    pages = next(group for group in grouped("logement") if group.kind.key == "pages")
    assert [type(page) for page in pages.items] == [StandardPage]
